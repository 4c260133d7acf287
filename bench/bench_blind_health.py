"""Blind health documents: kind, exact fields and list rows against labels written beforehand.

Run: .venv/bin/python bench/bench_blind_health.py [FOLDER] [--labels FILE] [--render text|png|pdf]
     [--model] [--misses]
FOLDER defaults to tests/fixtures/health_blind; its labels.jsonl holds one JSON object a line:
{"id", "text": file name, "doc_type": kind, "fields": {name: value as printed, or null when the
 field must stay empty},
 "lists": {"results" | "medications": [{column: value as printed}]}}.
Each document is classified by Coffer (a wrong kind costs its fields and rows, as it would a
person), read as text or, with --render png, drawn to a noisy PNG and read back by OCR, or
with --render pdf, printed to a PDF whose cells are placed by position (as PDF writers do). Prints
kind accuracy, exact accuracy per field, and per list row precision/recall and right cells per
column (a lab flag is scored as H/L/normal, computed or printed; other cells as printed); writes
bench/results/blind-health-<render>-<rules|model>.json. Numbers, not verdicts.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.core.entities import ParsedDocument  # noqa: E402
from desktop_app.core.evaluation import EvalReport, LabelledDoc, ListScore, score_list  # noqa: E402
from desktop_app.core.summary import grounded_summary  # noqa: E402

FOLDER = REPO / "tests" / "fixtures" / "health_blind"


def _rows(ex, name: str) -> list[dict[str, str]]:
    out = []
    for row in ex.lists.get(name, []) if ex else []:
        out.append({c: (f.value if c == "flag" else f.raw) or "" for c, f in row.items()})
    return out


def _misses(truth: list[dict[str, str]], pred: list[dict[str, str]], key: str) -> list[str]:
    """Rows not found (by key) and found rows with wrong cells, for --misses."""
    from desktop_app.core.evaluation import _cell_equal

    out, used = [], set()
    for row in truth:
        j = next((j for j, p in enumerate(pred) if j not in used and _cell_equal(key, row[key], p.get(key, ""))), None)
        if j is None:
            out.append(f"missing {row}")
            continue
        used.add(j)
        wrong = {c: (v, pred[j].get(c, "")) for c, v in row.items() if not _cell_equal(c, v, pred[j].get(c, ""))}
        if wrong:
            out.append(f"{row[key]!r}: " + ", ".join(f"{c} {t!r}≠{p!r}" for c, (t, p) in wrong.items()))
    out += [f"extra {p}" for j, p in enumerate(pred) if j not in used]
    return out


def run(folder: Path, labels: Path, render: str, use_model: bool, show: bool) -> dict:
    os.environ.setdefault("COFFER_HOME", tempfile.mkdtemp(prefix="coffer-blind-"))
    from desktop_app.main import build_service

    service = build_service(use_model=use_model)
    if use_model:
        service.engine()
    scratch = Path(tempfile.mkdtemp(prefix="coffer-blind-png-"))
    fields = EvalReport()
    lists: dict[str, ListScore] = {}
    per_doc = []
    ungrounded = 0
    for i, line in enumerate(labels.read_text(encoding="utf-8").splitlines()):
        if not line.strip():
            continue
        lab = json.loads(line)
        text = (folder / lab["text"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        if render == "png":
            from desktop_app.teach.synth.render import to_png

            parsed = service.read(to_png(text, scratch / f"{lab['id']}.png", seed=i))
        elif render == "pdf":  # cells placed by position in a proportional font, as PDF writers do
            from desktop_app.teach.synth.render import to_pdf

            parsed = service.read(to_pdf(text, scratch / f"{lab['id']}.pdf", cells=True))
        else:
            parsed = ParsedDocument.from_text(text)
        ex = service.analyse(parsed)
        seconds = time.perf_counter() - started
        doc = LabelledDoc(lab["id"], None, None, lab["doc_type"], dict(lab["fields"]))
        missed = fields.add(doc, ex, seconds, parsed.text)
        bad_summary = grounded_summary(ex.summary, parsed.text) if ex.summary else ["(no summary)"]
        ungrounded += bool(bad_summary)
        row_notes = []
        for name, truth in lab.get("lists", {}).items():
            pred = _rows(ex, name)
            score_list(lists.setdefault(name, ListScore()), name, truth, pred)
            key = {"results": "test", "medications": "name"}[name]
            row_notes += _misses(truth, pred, key)
        per_doc.append({"id": lab["id"], "kind": ex.kind, "truth_kind": lab["doc_type"],
                        "field_misses": missed, "row_misses": row_notes, "summary": ex.summary,
                        "summary_ungrounded": bad_summary})
        if show:
            mark = "" if ex.kind == lab["doc_type"] else f"  KIND {ex.kind} (truth {lab['doc_type']})"
            print(f"\n# {lab['id']}{mark}")
            for m in missed:
                print(f"  field {m['field']:<18} truth={m['truth']!r} pred={m['pred']!r}")
            for n in row_notes:
                print(f"  row   {n}")
            if bad_summary:
                print(f"  summary not grounded: {bad_summary}")
    summary = fields.summary()
    return {"render": render, "model": use_model, "folder": folder.name, "fields": summary,
            "lists": {k: v.as_dict() for k, v in lists.items()}, "summaries_ungrounded": ungrounded,
            "documents": per_doc}


def table(report: dict) -> str:
    s = report["fields"]
    out = [f"blind health · {report['folder']} · {report['render']} · {'model' if report['model'] else 'rules'}"
           f" · {s['documents']} documents",
           f"kind accuracy {s['kind_accuracy']:.3f} · mean exact {s['mean_exact']:.3f}"
           f" · summaries not grounded {report['summaries_ungrounded']}",
           f"{'field':<20}{'n':>4}{'exact':>8}{'norm':>8}"]
    for name, f in sorted(s["fields"].items()):
        out.append(f"{name:<20}{f['n']:>4}{f['exact']:>8.2f}{f['normalised']:>8.2f}")
    for name, d in report["lists"].items():
        cols = " ".join(f"{c}={v:.2f}" for c, v in d["columns"].items())
        out.append(f"list {name}: P={d['precision']:.2f} R={d['recall']:.2f} row-exact={d['row_exact']:.2f}"
                   f" ({d['truth_rows']} rows, {d['predicted_rows']} read) | {cols}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=FOLDER)
    ap.add_argument("--labels", type=Path, help="labels file (default FOLDER/labels.jsonl)")
    ap.add_argument("--render", choices=("text", "png", "pdf"), default="text")
    ap.add_argument("--model", action="store_true", help="include the language model")
    ap.add_argument("--misses", action="store_true", help="print each document's wrong fields and rows")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = ap.parse_args(argv)
    report = run(args.folder, args.labels or args.folder / "labels.jsonl", args.render, args.model, args.misses)
    print()
    print(table(report))
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"blind-health-{args.render}-{'model' if args.model else 'rules'}.json"
    (args.out / name).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nReport: {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
