"""The N2 end-to-end scenario, as a script: add (text, text-layer PDF, a scan that needs OCR) →
extraction with the real model → search → show → export, all through the `coffer` CLI against a
fresh passphrase vault. Prints a normalised transcript (no timestamps, timings or random keys)
so two runs (normal / no network / under strace) can be compared byte for byte.

    python -m tests.privacy.scenario WORKDIR MODEL.gguf

Each CLI call is its own process, as a person would run them; a tracer started on this script
(strace -f) sees every one of them, and every worker they start (OCR/parse sandbox).
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from tests.ingestion.pdfgen import text_pdf  # noqa: E402

PASSPHRASE = "scenario passphrase 7f3a"
RECEIPT = """HARBOUR LIGHT GROCERS
88 Quay Street, Portsmouth PO1 2AB
VAT No GB 482 1193 07
Date: 21/05/2024 11:42
Sourdough loaf 1 x 3.40 3.40
Oat milk 2 x 1.85 3.70
Apples 1.2kg 2.64
TOTAL GBP 9.74
Card 9.74
Ref ZQX-PRIV-5521
Thank you for shopping local
"""
INVOICE = [
    "Fenwick & Hale Architects",
    "3 Orchard Lane, York YO1 7HP",
    "INVOICE",
    "Invoice No: FH-2024-0788",
    "Invoice date: 05/06/2024",
    "Due date: 05/07/2024",
    "Bill to: Priya Raman",
    "Planning drawings 1 980.00 980.00",
    "Subtotal 980.00",
    "VAT 20% 196.00",
    "Total GBP 1176.00",
    "IBAN: GB29 NWBK 6016 1331 9268 19",
]
LAB_SCAN = [
    "WESTBRIDGE PATHOLOGY",
    "Patient: Tomas Okafor",
    "Collected: 14/03/2024",
    "Haemoglobin 13.9 g/dL 13.0-17.0",
    "Glucose 5.1 mmol/L 3.9-5.5",
    "Creatinine 88 umol/L 60-110",
]


def scan_png(lines: list[str], path: Path) -> None:
    """A 'scanned' page: rendered text in an image, no text layer, so reading it needs OCR."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font = ImageFont.truetype(str(font_path), 30) if font_path.exists() else ImageFont.load_default(30)
    img = Image.new("L", (1100, 90 + 52 * len(lines)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((50, 40 + 52 * i), line, fill=0, font=font)
    img.save(path, format="PNG")


def make_documents(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    receipt = folder / "harbour-receipt.txt"
    receipt.write_text(RECEIPT, encoding="utf-8")
    invoice = folder / "fenwick-invoice.pdf"
    invoice.write_bytes(text_pdf([INVOICE]))
    scan = folder / "westbridge-lab-scan.png"
    scan_png(LAB_SCAN, scan)
    return [receipt, invoice, scan]


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?")


def normalise(text: str, work: Path) -> str:
    text = text.replace(str(work), "<work>")
    return _STAMP.sub("<time>", text)


def _strip_timings(data: object) -> object:
    if isinstance(data, dict):
        return {k: _strip_timings(v) for k, v in data.items()
                if k not in ("timings", "seconds", "added_at", "updated_at", "at")}
    if isinstance(data, list):
        return [_strip_timings(v) for v in data]
    return data


def _unexpected_traceback(stderr: str) -> bool:
    """A traceback other than llama-cpp-python's known one at interpreter exit
    ("Exception ignored in: <function Llama.__del__": the CLI never closes the engine)."""
    blocks = stderr.split("Exception ignored in:")
    return "Traceback" in blocks[0] or any(
        "Traceback" in b and not b.lstrip().startswith("<function Llama.__del__") for b in blocks[1:])


def main(work: Path, model: Path) -> int:
    work = work.resolve()
    docs = make_documents(work / "papers")
    out = work / "out"
    out.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("COFFER_") and k not in ("PYTHON_KEYRING_BACKEND",)}
    tmp = work / "tmp"
    tmp.mkdir(exist_ok=True)
    env.update(COFFER_HOME=str(work / "home"), COFFER_PASSPHRASE=PASSPHRASE,
               COFFER_KDF_SECONDS="0", HF_HUB_OFFLINE="1", PYTHONHASHSEED="0",
               TMPDIR=str(tmp), SQLITE_TMPDIR=str(tmp), PYTHONPATH=str(REPO),
               COFFER_PRIVACY_MODULES_DIR=str(work / "modules"))
    stderr_dir = work / "stderr"
    stderr_dir.mkdir(exist_ok=True)
    transcript: list[str] = []
    calls = 0

    def coffer(*args: str, json_out: bool = False) -> None:
        nonlocal calls
        calls += 1
        # The real entry point (desktop_app.main.main) with every logger at DEBUG.
        cmd = [sys.executable, "-m", "tests.privacy.cli_debug", *args]
        run = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(work), timeout=600)
        (stderr_dir / f"{calls:02d}.txt").write_text(run.stderr, encoding="utf-8")
        transcript.append(f"$ coffer {' '.join(a.replace(str(work), '<work>') for a in args)}")
        transcript.append(f"exit {run.returncode}")
        if _unexpected_traceback(run.stderr):
            transcript.append("TRACEBACK")
        body = run.stdout
        if json_out and run.returncode == 0:
            body = json.dumps(_strip_timings(json.loads(body)), indent=1, sort_keys=True)
        transcript.append(normalise(body, work))

    # One thread: results must not depend on how busy the machine is (CpuBudget varies it).
    coffer("add", *map(str, docs), "--model", str(model), "--threads", "1")
    coffer("list")
    coffer("search", "Okafor")  # only in the OCR'd scan
    coffer("search", "Fenwick")
    coffer("search", "ZQX-PRIV-5521")
    for doc_id in (1, 2, 3):
        coffer("show", str(doc_id), "--json", json_out=True)
    for kind in ("receipt", "invoice", "lab_report"):
        coffer("export", "--kind", kind, "--csv", str(out / f"{kind}.csv"),
               "--lists", str(out / f"{kind}-lists.csv"))
        for name in (f"{kind}.csv", f"{kind}-lists.csv"):
            transcript.append(f"--- {name}")
            transcript.append(normalise((out / name).read_text(encoding="utf-8-sig"), work))
    print("\n".join(transcript))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
