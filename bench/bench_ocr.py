"""Ingestion bench: OCR error on the sroie-dev scans, seconds per page, and the hostile set.

Run: .venv/bin/python bench/bench_ocr.py [--limit N] [--skip-hostile]
Prints tables and writes bench/results/ocr-<time>.json. Not a test: numbers, not verdicts.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.core.edit_distance import levenshtein, line_order_free_errors  # noqa: E402
from desktop_app.core.errors import CofferError  # noqa: E402
from desktop_app.ingestion.limits import Limits  # noqa: E402
from desktop_app.ingestion.reader import SandboxedReader, read_document  # noqa: E402

DATASET = REPO.parent / "shared" / "datasets" / "sroie-dev"
FIELDS = ("company", "date", "address", "total")


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.upper()).strip()


def nospace(text: str) -> str:
    return re.sub(r"\s+", "", text.upper())


AMOUNT_LINE = re.compile(r"^[-+]?(?:RM|\$)?\s*-?\d[\d,]*\.\d\d\s*(?:SR|ZR|S|Z)?$", re.IGNORECASE)


def column_transcribed(ref: str) -> bool:
    """The transcription lists a table column by column (three or more bare amounts in a row)
    instead of row by row: no reading of the page in rows can match its order."""
    run = 0
    for line in ref.splitlines():
        if not line.strip():
            continue
        run = run + 1 if AMOUNT_LINE.match(line.strip()) else 0
        if run >= 3:
            return True
    return False


def scores(hyp: str, ref: str, fields: dict[str, str]) -> dict[str, float]:
    h, r = norm(hyp), norm(ref)
    ref_lines = [norm(line) for line in ref.splitlines() if line.strip()]
    return {
        "err": levenshtein(h, r), "chars": len(r),
        "err_nospace": levenshtein(nospace(hyp), nospace(ref)), "chars_nospace": len(nospace(ref)),
        # the same errors whatever order the lines come in: each OCR character matched once
        "err_lines": line_order_free_errors([norm(line) for line in hyp.splitlines()], ref_lines),
        "chars_lines": sum(len(line) for line in ref_lines),
        "fields_found": sum(1 for k in FIELDS if fields.get(k) and norm(fields[k]) in h),
        "fields": sum(1 for k in FIELDS if fields.get(k)),
    }


def baseline_text(image_path: Path) -> tuple[str, float]:
    """rapidocr as it comes: its own box order, its own (mostly missing) spaces."""
    import numpy as np
    from PIL import Image

    from desktop_app.ingestion.ocr import OcrEngine

    engine = OcrEngine.shared()
    with Image.open(image_path) as img:
        arr = np.ascontiguousarray(np.asarray(img.convert("RGB"))[:, :, ::-1])
    started = time.perf_counter()
    result, _ = engine._engine(arr)
    return "\n".join(str(item[1]) for item in (result or [])), time.perf_counter() - started


def bench_ocr(limit: int | None) -> dict[str, Any]:
    items = [json.loads(line) for line in (DATASET / "labels.jsonl").read_text().splitlines()]
    items = [item for item in items if item.get("image")][:limit]
    totals: dict[str, dict[str, float]] = {"ours": {}, "raw": {}}
    by_order: dict[str, list[int]] = {"rows": [0, 0, 0], "columns": [0, 0, 0]}  # err, chars, docs
    per_doc = []
    seconds: list[float] = []
    cpu_seconds: list[float] = []
    raw_seconds: list[float] = []  # rapidocr alone, same run: the load on the machine shows here
    for n, item in enumerate(items, 1):
        ref = (DATASET / item["text"]).read_text(encoding="utf-8")
        started, cpu = time.perf_counter(), time.process_time()
        doc = read_document(DATASET / item["image"])
        seconds.append(time.perf_counter() - started)
        cpu_seconds.append(time.process_time() - cpu)
        raw, raw_secs = baseline_text(DATASET / item["image"])
        raw_seconds.append(raw_secs)
        row = {"id": item["id"], "seconds": round(seconds[-1], 3),
               "confidence": doc.ocr_confidence}
        for name, hyp in (("ours", doc.text), ("raw", raw)):
            s = scores(hyp, ref, item["fields"])
            for key, value in s.items():
                totals[name][key] = totals[name].get(key, 0) + value
            row[name] = round(s["err"] / s["chars"], 4)
            if name == "ours":
                group = by_order["columns" if column_transcribed(ref) else "rows"]
                group[0] += int(s["err"])
                group[1] += int(s["chars"])
                group[2] += 1
        per_doc.append(row)
        print(f"  {n:2d}/{len(items)} {item['id']}  ours {row['ours']:.3f}  raw {row['raw']:.3f}  "
              f"{seconds[-1]:.2f} s", flush=True)
    summary = {}
    for name, t in totals.items():
        summary[name] = {
            "cer": round(t["err"] / t["chars"], 4),
            "cer_ignoring_spaces": round(t["err_nospace"] / t["chars_nospace"], 4),
            "cer_order_free": round(t["err_lines"] / t["chars_lines"], 4),
            "fields_verbatim": f"{int(t['fields_found'])}/{int(t['fields'])}",
            "fields_verbatim_share": round(t["fields_found"] / max(1, t["fields"]), 4),
        }
    summary["ours"]["cer_by_transcription_order"] = {
        key: {"receipts": docs, "cer": round(err / max(1, chars), 4)}
        for key, (err, chars, docs) in by_order.items()}
    return {
        "images": len(items), "summary": summary, "per_doc": per_doc,
        "seconds_per_photo": {"median": round(statistics.median(seconds), 3),
                              "p90": round(sorted(seconds)[int(0.9 * (len(seconds) - 1))], 3),
                              "max": round(max(seconds), 3)},
        "cpu_seconds_per_photo": {"median": round(statistics.median(cpu_seconds), 3),
                                  "p90": round(sorted(cpu_seconds)[int(0.9 * (len(cpu_seconds) - 1))], 3)},
        "seconds_per_photo_raw_rapidocr": {"median": round(statistics.median(raw_seconds), 3)},
    }


def bench_text_pdf(pages: int = 30) -> dict[str, Any]:
    from tests.ingestion.pdfgen import text_pdf

    lines = [f"{i:03d} 2024-03-{i % 28 + 1:02d} Card payment SUPERMARKET {i} EUR {i * 3.17:.2f}"
             for i in range(48)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "statement.pdf"
        path.write_bytes(text_pdf([lines] * pages, size=9))
        read_document(path)  # warm: imports, PDFium initialisation
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            doc = read_document(path)
            runs.append((time.perf_counter() - started) / pages)
    return {"pages": pages, "lines_per_page": len(lines), "chars": len(doc.text),
            "seconds_per_page": round(min(runs), 5), "seconds_per_page_median": round(statistics.median(runs), 5)}


def hostile_fixtures(tmp: Path) -> dict[str, Path]:
    from tests.ingestion.makers import docx_file, png_header_only, rezip, scan_image
    from tests.ingestion.pdfgen import PageSpec, build_pdf, flate_bomb, text_pdf

    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        files[name] = tmp / name
        files[name].write_bytes(data)

    put("flate-bomb-1GB.pdf", build_pdf([PageSpec(content_flate=flate_bomb(1024))]))
    put("huge-page-20000pt.pdf", build_pdf([PageSpec(width=20000, height=20000)]))
    put("image-33554432px-cmyk16.pdf", build_pdf([PageSpec(raw_images=[(
        "/Width 33554432 /Height 1 /BitsPerComponent 16 /ColorSpace /DeviceCMYK /Filter "
        "/FlateDecode", zlib.compress(b"\0" * 4096))])]))
    put("pages-1500.pdf", text_pdf([["page"]] * 1500))
    put("png-20000x20000.png", png_header_only(20000, 20000))
    letter = docx_file(tmp / "letter.docx", ["Dear patient,", "Your results are normal."])
    files["zip-bomb.docx"] = rezip(letter, tmp / "zip-bomb.docx",
                                   extra={"word/media/pad.bin": b"\0" * (200 << 20)})
    files["dotdot-member.docx"] = rezip(letter, tmp / "dotdot.docx", extra={"../../x.sh": b"x"})
    scan_image().save(tmp / "full.jpg", "JPEG")
    jpeg = (tmp / "full.jpg").read_bytes()
    put("truncated.jpg", jpeg[: len(jpeg) // 2])
    pdf = text_pdf([["Statement for March 2024, balance 1,234.56 EUR"]])
    put("truncated.pdf", pdf[: len(pdf) // 2])
    put("not-a-pdf.pdf", bytes(range(256)) * 64)
    put("zero-bytes.pdf", b"")
    put("encrypted.pdf", text_pdf([["Payslip March, net 2,100.00"]], password="pw"))
    sparse = tmp / "sparse-2GB.txt"
    with sparse.open("wb") as fh:
        fh.write(b"hello\n")
        fh.truncate(2 * 1024**3)
    files["sparse-2GB.txt"] = sparse
    return files


def bench_hostile() -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, path in hostile_fixtures(Path(tmp)).items():
            reader = SandboxedReader(Limits())
            started = time.perf_counter()
            try:
                doc = reader.read(path)
                shown = f"(read: {len(doc.text)} chars, warnings: {doc.warnings})"
                kind = "ok"
            except CofferError as exc:
                shown, kind = str(exc), type(exc).__name__
            rows.append({"fixture": name, "error": kind, "message": shown,
                         "seconds": round(time.perf_counter() - started, 3),
                         "peak_worker_mb": round((reader.last_stats.peak_rss_bytes or 0) / 2**20, 1),
                         "worker_exit": reader.last_stats.exit or "(refused before a worker)"})
            print(f"  {name:24s} {kind:18s} {rows[-1]['seconds']:6.2f} s "
                  f"{rows[-1]['peak_worker_mb']:7.1f} MB  {shown[:90]}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--limit", type=int, default=None, help="only the first N scans")
    parser.add_argument("--skip-hostile", action="store_true")
    parser.add_argument("--skip-ocr", action="store_true")
    args = parser.parse_args()
    result: dict[str, Any] = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    try:
        result["load_average_at_start"] = os.getloadavg()
    except OSError:
        pass
    print("text-layer PDF pages:")
    result["text_pdf"] = bench_text_pdf()
    print(f"  {result['text_pdf']['seconds_per_page']:.4f} s/page (target <= 0.05)")
    if not args.skip_ocr and DATASET.is_dir():
        print(f"OCR on sroie-dev scans ({DATASET.name}):")
        result["ocr"] = bench_ocr(args.limit)
        print("\n  variant  CER     CER-no-spaces  CER-line-order-free  fields verbatim")
        for name, s in result["ocr"]["summary"].items():
            print(f"  {name:7s}  {s['cer']:.4f}  {s['cer_ignoring_spaces']:.4f}         "
                  f"{s['cer_order_free']:.4f}               {s['fields_verbatim']}")
        orders = result["ocr"]["summary"]["ours"]["cer_by_transcription_order"]
        print("  CER by how the transcription is ordered: "
              + ", ".join(f"{k} {v['cer']:.4f} ({v['receipts']} receipts)" for k, v in orders.items()))
        print(f"  seconds per photo: {result['ocr']['seconds_per_photo']} (target <= 3); "
              f"CPU seconds: {result['ocr']['cpu_seconds_per_photo']}; "
              f"raw rapidocr in the same run: {result['ocr']['seconds_per_photo_raw_rapidocr']}")
    if not args.skip_hostile:
        print("hostile fixtures (sandboxed worker):")
        result["hostile"] = bench_hostile()
    try:
        result["load_average_at_end"] = os.getloadavg()
    except OSError:
        pass
    print(f"load average at start {result.get('load_average_at_start')}, "
          f"at end {result.get('load_average_at_end')}")
    out = REPO / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"ocr-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}.json"
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"wrote {path.relative_to(REPO)}")


if __name__ == "__main__":
    main()
