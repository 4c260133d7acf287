"""Real clinical notes (../shared/datasets/mtsamples-dev): kind, fields found, grounded summaries.

Run: .venv/bin/python bench/bench_health.py [--model] [--limit N] [--baseline FILE]
The notes carry no field labels, only the publisher's specialty, title and one-line description,
so this measures what can be measured on real health documents: whether each is read as a health
document, which fields Coffer finds, whether every name and number of the summary is in the note,
how much of the publisher's description the summary and diagnosis cover, and the time per note.
Prints a table and writes bench/results/health-<time>.json. Not a test: numbers, not verdicts.
"""
from __future__ import annotations

import argparse
import collections
import json
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.core.entities import ParsedDocument  # noqa: E402
from desktop_app.core.summary import grounded_summary  # noqa: E402

DATASET = REPO.parent / "shared" / "datasets" / "mtsamples-dev"
HEALTH_KINDS = ("medical_summary", "lab_report", "prescription")
FIELDS = ("patient", "date", "provider", "diagnosis", "follow_up")
STOP = set("with without from that this were have been their there which after before under over "
           "into onto also than then when where while patient patients status post".split())


def content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in STOP}


def run(use_model: bool, limit: int | None) -> dict[str, Any]:
    from desktop_app.main import build_service

    service = build_service(use_model=use_model)
    rows = [json.loads(line) for line in (DATASET / "labels.jsonl").read_text().splitlines() if line.strip()]
    rows = rows[:limit]
    kinds: collections.Counter[str] = collections.Counter()
    found: collections.Counter[str] = collections.Counter()
    ungrounded_docs = 0
    coverage: list[float] = []
    seconds: list[float] = []
    per_doc = []
    for row in rows:
        text = (DATASET / row["text"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        ex = service.analyse(ParsedDocument.from_text(text))
        seconds.append(time.perf_counter() - started)
        kinds[ex.kind] += 1
        for name in FIELDS:
            f = ex.get(name)
            if f is not None and f.raw:
                found[name] += 1
        missing = grounded_summary(ex.summary, text)
        ungrounded_docs += bool(missing)
        described = content_words(row["fields"].get("description", ""))
        ours = content_words(ex.summary + " " + (ex.get("diagnosis").raw or "" if ex.get("diagnosis") else ""))
        coverage.append(len(described & ours) / len(described) if described else 0.0)
        per_doc.append({"id": row["id"], "kind": ex.kind, "summary": ex.summary, "ungrounded": missing,
                        "seconds": round(seconds[-1], 3)})
    n = len(rows)
    return {
        "documents": n, "model": use_model,
        "read_as_health": round(sum(kinds[k] for k in HEALTH_KINDS) / max(1, n), 4),
        "kinds": dict(kinds),
        "field_found": {name: round(found[name] / max(1, n), 4) for name in FIELDS},
        "summaries_fully_grounded": round(1 - ungrounded_docs / max(1, n), 4),
        "description_words_covered": round(statistics.fmean(coverage), 4) if coverage else 0.0,
        "seconds_p50": round(statistics.median(seconds), 3) if seconds else 0.0,
        "seconds_p90": round(sorted(seconds)[int(0.9 * (len(seconds) - 1))], 3) if seconds else 0.0,
        "per_doc": per_doc,
    }


def table(result: dict[str, Any], baseline: dict[str, Any] | None) -> str:
    def row(name: str, value: float, base: float | None) -> str:
        delta = f"{value - base:+.3f}" if base is not None else ""
        return f"{name:<34}{value:>8.3f}{'' if base is None else f'{base:>10.3f}'}{delta:>9}"

    b = baseline or {}
    lines = [f"{'real clinical notes (' + str(result['documents']) + ')':<34}{'now':>8}"
             + (f"{'baseline':>10}{'delta':>9}" if baseline else "")]
    lines.append(row("read as a health document", result["read_as_health"], b.get("read_as_health")))
    for name, value in result["field_found"].items():
        lines.append(row(f"field found: {name}", value, b.get("field_found", {}).get(name)))
    lines.append(row("summaries fully grounded", result["summaries_fully_grounded"],
                     b.get("summaries_fully_grounded")))
    lines.append(row("description words covered", result["description_words_covered"],
                     b.get("description_words_covered")))
    lines.append(row("seconds per note p50", result["seconds_p50"], b.get("seconds_p50")))
    lines.append(row("seconds per note p90", result["seconds_p90"], b.get("seconds_p90")))
    lines.append("kinds: " + ", ".join(f"{k} {v}" for k, v in sorted(result["kinds"].items(), key=lambda kv: -kv[1])))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", action="store_true", help="include the language model (slower)")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--baseline", type=Path, help="an earlier JSON report to compare with")
    args = ap.parse_args()
    if not (DATASET / "labels.jsonl").exists():
        print(f"no dataset at {DATASET.name}: nothing to measure")
        return 1
    result = run(args.model, args.limit)
    baseline = json.loads(args.baseline.read_text()) if args.baseline else None
    print(table(result, baseline))
    out = REPO / "bench" / "results" / f"health-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"Report: {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
