"""Per-document extraction latency and accuracy on real receipts: Coffer's pipeline vs a naive baseline.

The baseline is what one would write first: one plain two-shot prompt per document with the
document first (so no KV-cache reuse across documents), the model writes every field, no rules.

    python bench/bench_extract.py [--n 50] [--dataset ../shared/datasets/sroie-dev]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from desktop_app.core.entities import ParsedDocument  # noqa: E402
from desktop_app.core.evaluation import EvalReport, load_labels  # noqa: E402
from desktop_app.core.extraction import Extractor  # noqa: E402
from desktop_app.core.schemas import load_schemas  # noqa: E402
from desktop_app.inference.catalog import resolve_model  # noqa: E402
from desktop_app.inference.llama_engine import LlamaCppEngine  # noqa: E402
from desktop_app.system.paths import app_paths  # noqa: E402

KEYS = ("company", "date", "address", "total")


def naive_prompt(schema, text: str) -> str:
    shots = "".join(
        f"{ex.text}\n\nExtract the fields.\n" + "".join(f"{k}: {ex.fields.get(k, '')}\n" for k in KEYS) + "\n"
        for ex in schema.examples
    )
    # Document first: every prompt differs from its first token, so nothing is reused.
    return f"{text}\n\nExtract the fields.\n" + "\n" + shots + f"{text}\n\nExtract the fields.\ncompany:"


def run_naive(engine: LlamaCppEngine, schema, text: str):
    engine._llm.reset()  # no prefix reuse, as a first implementation would have it
    out = engine.complete(naive_prompt(schema, text), max_tokens=80, stop=["\n\n"])
    values = {"company": ""}
    lines = ("company:" + out.text).splitlines()
    for line in lines:
        m = re.match(r"\s*(\w+):\s*(.*)", line)
        if m and m.group(1) in KEYS:
            values[m.group(1)] = m.group(2).strip()
    return values


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(p * len(s)))] if s else 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--dataset", type=Path, default=REPO.parent / "shared" / "datasets" / "sroie-dev")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--busy", type=int, default=10, metavar="N",
                    help="also time N receipts with one core kept busy by another process, "
                         "adaptive vs fixed thread count (0 to skip)")
    args = ap.parse_args()
    if not (args.dataset / "labels.jsonl").exists():
        print(f"dataset not found: {args.dataset}", file=sys.stderr)
        return 2
    docs = load_labels(args.dataset)[: args.n]
    schema = load_schemas(REPO / "resources" / "schemas")["receipt"]
    path, _ = resolve_model(app_paths().ensure().models)
    engine = LlamaCppEngine(path, max_threads=args.threads)
    extractor = Extractor(engine)

    texts = [d.text_path.read_text(encoding="utf-8") for d in docs]
    # warm-up: one document each way, not counted
    extractor.extract(ParsedDocument.from_text(texts[0]), schema)
    run_naive(engine, schema, texts[0])

    coffer_report, naive_report = EvalReport(), EvalReport()
    from desktop_app.core.entities import Extraction, Field

    for doc, text in zip(docs, texts, strict=True):
        t = time.perf_counter()
        ex = extractor.extract(ParsedDocument.from_text(text), schema)
        coffer_report.add(doc, ex, time.perf_counter() - t)
    for doc, text in zip(docs, texts, strict=True):
        t = time.perf_counter()
        values = run_naive(engine, schema, text)
        seconds = time.perf_counter() - t
        ex = Extraction(kind="receipt", kind_confidence=1.0,
                        fields=[Field(name=k, raw=v or None, value=None) for k, v in values.items()])
        naive_report.add(doc, ex, seconds)

    rows = []
    for name, rep in (("naive two-shot", naive_report), ("coffer pipeline", coffer_report)):
        s = rep.summary()
        f = s["fields"]
        rows.append((name, s["latency_p50"], s["latency_p90"], statistics.fmean(rep.latencies),
                     f["company"]["exact"], f["date"]["exact"], f["address"]["exact"],
                     f["address"]["letters_digits"], f["total"]["exact"], s["mean_exact"]))
    print(f"\nExtraction on {len(docs)} sroie-dev receipts (transcriptions), warm, "
          f"{os.cpu_count()} cores, model {path.name}")
    print(f"{'method':<17}{'p50 s':>7}{'p90 s':>7}{'mean s':>8}{'company':>9}{'date':>7}{'address':>9}{'addr l+d':>9}{'total':>7}{'mean':>7}")
    for r in rows:
        print(f"{r[0]:<17}{r[1]:>7.2f}{r[2]:>7.2f}{r[3]:>8.2f}{r[4]:>9.3f}{r[5]:>7.3f}{r[6]:>9.3f}{r[7]:>9.3f}{r[8]:>7.3f}{r[9]:>7.3f}")
    speedup = rows[0][1] / rows[1][1] if rows[1][1] else float("inf")
    print(f"p50 speed-up over the baseline: {speedup:.1f}x")
    busy_rows = []
    if args.busy:
        import subprocess

        hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            time.sleep(1.0)
            for label, adaptive in (("fixed threads", False), ("adaptive threads", True)):
                eng = LlamaCppEngine(path, max_threads=args.threads, adaptive_threads=adaptive)
                ext = Extractor(eng)
                ext.extract(ParsedDocument.from_text(texts[0]), schema)
                lat = []
                for text in texts[1 : 1 + args.busy]:
                    t = time.perf_counter()
                    ext.extract(ParsedDocument.from_text(text), schema)
                    lat.append(time.perf_counter() - t)
                busy_rows.append((label, pct(lat, 0.5), pct(lat, 0.9), max(lat)))
                eng.close()
        finally:
            hog.kill()
        print(f"\nWith one core kept busy by another process ({args.busy} receipts):")
        print(f"{'engine':<17}{'p50 s':>7}{'p90 s':>7}{'max s':>7}")
        for r in busy_rows:
            print(f"{r[0]:<17}{r[1]:>7.2f}{r[2]:>7.2f}{r[3]:>7.2f}")
    out = REPO / "bench" / "results" / "bench_extract.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"naive": naive_report.summary(), "coffer": coffer_report.summary(),
                               "busy": busy_rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
