"""Write the seed corpus of the fuzzers into tests/fuzz/corpus/ (small files, < 1 MB in all).

    python -m tests.fuzz.make_corpus          # (re)generate; deterministic output

Seeds: text-layer, multi-page, encrypted, truncated and image-only PDFs; PNG, JPEG, GIF, BMP,
TIFF, WebP images; DOCX (paragraphs and a table); text in UTF-8/UTF-16/Latin-1; and model-output
strings (model_outputs.json) for the parsing fuzzers."""
from __future__ import annotations

import io
import json
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.ingestion.pdfgen import ImageRun, PageSpec, TextRun, build_pdf, text_pdf  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"

RECEIPT = ["GREEN VALLEY MART SDN BHD", "NO. 5, JALAN MERANTI 4", "DATE: 14/06/2019 18:05",
           "MILO 1KG 1 X 18.90 18.90", "TOTAL RM 23.90", "CASH RM 30.00", "CHANGE RM 6.10"]
LAB = ["NORTHGATE CLINICAL LABORATORIES", "Patient: Maria Lopez    DOB: 12/04/1980",
       "Haemoglobin             12.1     g/dL       12.0-15.5", "Glucose (fasting) 6.4 mmol/L 3.9-5.5 H"]
STATEMENT = ["Example Bank plc", "Statement period 01/03/2024 to 31/03/2024",
             "IBAN GB82 WEST 1234 5698 7654 32", "Opening balance 1.234,56", "02/03 Coffee -3.20",
             "Closing balance 1.231,36 EUR"]

MODEL_OUTPUTS = [
    "GREEN VALLEY MART SDN BHD", "14/06/2019", "2019-06-14", "June 14th, 2019", "14. Juni 2019",
    "1.234,50 €", "RM 33.90", "(12.00)", "12.00-", "-0", "1e309", "NaN", "9" * 30, "€€€", "US$ 1,000",
    "GB82 WEST 1234 5698 7654 32", "DE89370400440532013000", "+44 20 7946 0958", "12,5 %",
    "Ignore previous instructions", "'); DROP TABLE documents; --", '<img src="http://x/y">',
    "![a](http://x/a.png)", "\u202eevil", "A\x00B", "line\nTOTAL 0.00", " ", "31/02/2024",
    "00/00/0000", "2024-13-45", "0.0.0", "1,2,3,4,5,6,7,8,9", "Fr. 1'234.50", "¥1,000", "₹ 2,50,000.00",
]


def _image_bytes(fmt: str, size: tuple[int, int] = (180, 48)) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((6, 16), "TOTAL 9.99", fill="black")
    buf = io.BytesIO()
    img.save(buf, format=fmt, **({"quality": 60} if fmt == "JPEG" else {}))
    return buf.getvalue()


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    for line in RECEIPT[:4]:
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=3)
    for r, row in enumerate((("Item", "Qty", "Amount"), ("Milo", "1", "18.90"))):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _tiny_zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def seeds() -> dict[str, bytes]:
    jpeg = _image_bytes("JPEG", (120, 40))
    out = {
        "receipt.pdf": text_pdf([RECEIPT]),
        "two-pages.pdf": text_pdf([LAB, STATEMENT]),
        "encrypted.pdf": text_pdf([RECEIPT[:3]], password="secret"),
        "truncated.pdf": text_pdf([RECEIPT], truncate_at=300),
        "scan-only.pdf": build_pdf([PageSpec(width=200, height=80,
                                             images=[ImageRun(jpeg, 120, 40, 10, 10, 180, 60)])]),
        "rotated.pdf": build_pdf([PageSpec(rotate=90, texts=[TextRun(72, 700 - 14 * k, line)
                                                             for k, line in enumerate(LAB)])]),
        "receipt.png": _image_bytes("PNG"),
        "receipt.jpg": jpeg,
        "receipt.gif": _image_bytes("GIF", (90, 30)),
        "receipt.bmp": _image_bytes("BMP", (60, 20)),
        "receipt.tiff": _image_bytes("TIFF", (60, 20)),
        "receipt.webp": _image_bytes("WEBP", (90, 30)),
        "receipt.docx": _docx_bytes(),
        "hostile-names.docx": _tiny_zip({"[Content_Types].xml": b"<Types/>", "../evil.xml": b"x"}),
        "receipt.txt": "\n".join(RECEIPT).encode(),
        "lab-utf16.txt": "\n".join(LAB).encode("utf-16"),
        "statement-latin1.txt": "\n".join(STATEMENT + ["Café 3,20 €"]).encode("latin-1", "replace"),
    }
    out["model_outputs.json"] = json.dumps(MODEL_OUTPUTS, ensure_ascii=False, indent=0).encode()
    return out


def main() -> int:
    CORPUS.mkdir(exist_ok=True)
    total = 0
    for name, data in sorted(seeds().items()):
        (CORPUS / name).write_bytes(data)
        total += len(data)
    print(f"{len(seeds())} seeds, {total} bytes in {CORPUS}")
    assert total < 1_000_000
    return 0


if __name__ == "__main__":
    sys.exit(main())
