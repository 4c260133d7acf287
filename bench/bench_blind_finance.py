"""Accuracy on labelled finance documents Coffer was not tuned on (tests/fixtures/finance_blind).

Run: .venv/bin/python bench/bench_blind_finance.py [FOLDER] [--render text|png|pdf] [--model] [--misses]
FOLDER holds the documents as text and a labels.jsonl: per line {"id", "text", "doc_type",
"fields": {name: value as printed, or null when the field must stay empty}, "lists": {name: [rows]}}.
The documents are classified by Coffer (no kind given). Per kind and overall it prints: kind
accuracy, fields exact (as printed) and right (exact, or the same date / amount / IBAN /
currency), empty fields left empty, list rows recall and precision, and how many documents pass
Coffer's own consistency checks (items + tax = total, balances reconcile). ``--render png``
draws each page as a noisy photo first (as bench_accuracy.py does) and reads it back by OCR.
Writes bench/results/blind-finance-<render>-<rules|model>.json. Numbers, not verdicts.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.core.entities import ParsedDocument  # noqa: E402
from desktop_app.core.evaluation import ListScore, norm_text, score_list  # noqa: E402
from desktop_app.core.normalize import normalise_value  # noqa: E402

DEFAULT = REPO / "tests" / "fixtures" / "finance_blind"
TYPED = ("date", "money", "iban", "currency")


def _rows(ex, name: str) -> list[dict[str, str]]:
    return [{c: f.raw or "" for c, f in row.items()} for row in ex.lists.get(name, [])]


def _right(kind: str | None, truth: str, pred: str) -> bool:
    if norm_text(pred) == norm_text(truth):
        return True
    if kind in TYPED and pred:
        a, b = normalise_value(kind, pred), normalise_value(kind, truth)
        return a is not None and a == b
    return False


def run(folder: Path, render: str, use_model: bool) -> dict:
    from desktop_app.main import build_service

    service = build_service(use_model=use_model)
    labels = [json.loads(x) for x in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    scratch = Path(tempfile.mkdtemp(prefix="coffer-blind-"))
    docs = []
    for lab in labels:
        text = (folder / lab["text"]).read_text(encoding="utf-8")
        started = time.perf_counter()
        if render == "text":
            parsed = ParsedDocument.from_text(text)
        elif render == "pdf":  # cells placed by position in a proportional font, as PDF writers do
            from desktop_app.teach.synth.render import to_pdf

            parsed = service.read(to_pdf(text, scratch / f"{lab['id']}.pdf", cells=True))
        else:
            from desktop_app.teach.synth.render import to_png

            path = to_png(text, scratch / f"{lab['id']}.png", seed=sum(map(ord, lab["id"])))
            parsed = service.read(path)
        ex = service.analyse(parsed)
        seconds = time.perf_counter() - started
        fields = {}
        for name, truth in lab["fields"].items():
            f = ex.get(name)
            pred = f.raw if f is not None and f.raw else ""
            if truth is None:
                fields[name] = {"truth": None, "pred": pred, "exact": not pred, "right": not pred}
            else:
                kind = f.type if f is not None else None
                # right: the printed value, or one that means the same; a currency by its stored code
                # ('$' stored as AUD)
                right = _right(kind, truth, pred) or (
                    kind == "currency" and bool(pred) and f.value == normalise_value(kind, truth))
                fields[name] = {"truth": truth, "pred": pred, "exact": norm_text(pred) == norm_text(truth),
                                "right": right}
        lists = {}
        for name, truth_rows in lab.get("lists", {}).items():
            score = ListScore()
            pred_rows = _rows(ex, name)
            score_list(score, name, truth_rows, pred_rows)
            lists[name] = {"score": score.as_dict(), "pred": pred_rows}
        docs.append({"id": lab["id"], "kind": lab["doc_type"], "pred_kind": ex.kind, "fields": fields,
                     "lists": lists, "checks": ex.checks, "seconds": round(seconds, 3)})
    return {"folder": folder.name, "render": render, "model": use_model, "docs": docs}


def table(result: dict) -> str:
    by_kind: dict[str, list[dict]] = defaultdict(list)
    for d in result["docs"]:
        by_kind[d["kind"]].append(d)
    out = [f"{'kind':<16}{'docs':>5}{'kind ok':>9}{'fields':>8}{'exact':>7}{'right':>7}{'empty ok':>10}"
           f"{'rows':>6}{'recall':>8}{'prec':>7}{'checks ok':>11}"]

    def line(name: str, docs: list[dict]) -> str:
        filled = [f for d in docs for f in d["fields"].values() if f["truth"] is not None]
        empty = [f for d in docs for f in d["fields"].values() if f["truth"] is None]
        total = ListScore()
        for d in docs:
            for lst in d["lists"].values():
                s = lst["score"]
                total.truth_rows += s["truth_rows"]
                total.predicted_rows += s["predicted_rows"]
                total.matched_rows += round(s["recall"] * s["truth_rows"])
        ls = total.as_dict()
        kind_ok = sum(d["pred_kind"] == d["kind"] for d in docs)
        checks_ok = sum(not d["checks"] for d in docs)
        n = max(1, len(filled))
        return (f"{name:<16}{len(docs):>5}{kind_ok / len(docs):>9.2f}{len(filled):>8}"
                f"{sum(f['exact'] for f in filled) / n:>7.2f}{sum(f['right'] for f in filled) / n:>7.2f}"
                f"{(sum(f['right'] for f in empty) / len(empty)) if empty else 1.0:>10.2f}"
                f"{ls['truth_rows']:>6}{ls['recall']:>8.2f}{ls['precision']:>7.2f}"
                f"{checks_ok:>6}/{len(docs):<4}")

    for kind in sorted(by_kind):
        out.append(line(kind, by_kind[kind]))
    out.append(line("all", result["docs"]))
    per_field: dict[str, list[bool]] = defaultdict(list)
    for d in result["docs"]:
        for name, f in d["fields"].items():
            if f["truth"] is not None:
                per_field[name].append(f["right"])
    out.append("fields right: " + ", ".join(f"{k} {sum(v)}/{len(v)}" for k, v in sorted(per_field.items())))
    return "\n".join(out)


def misses(result: dict) -> str:
    out = []
    for d in result["docs"]:
        if d["pred_kind"] != d["kind"]:
            out.append(f"{d['id']:<26} kind: {d['kind']} read as {d['pred_kind']}")
        for name, f in d["fields"].items():
            if not f["right"]:
                out.append(f"{d['id']:<26} {name:<16} truth={f['truth']!r} pred={f['pred']!r}")
        for name, lst in d["lists"].items():
            s = lst["score"]
            if s["recall"] < 1 or s["precision"] < 1:
                out.append(f"{d['id']:<26} {name}: {s['truth_rows']} rows, {s['predicted_rows']} read, "
                           f"recall {s['recall']:.2f} precision {s['precision']:.2f}")
        for c in d["checks"]:
            out.append(f"{d['id']:<26} check: {c}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--render", choices=("text", "png", "pdf"), default="text")
    ap.add_argument("--model", action="store_true", help="include the language model (slower)")
    ap.add_argument("--misses", action="store_true", help="print every wrong value, row count and failed check")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    args = ap.parse_args(argv)
    os.environ.setdefault("COFFER_HOME", str(Path(tempfile.gettempdir()) / "coffer-bench-blind"))
    result = run(args.folder, args.render, args.model)
    print(f"{args.folder.name}: {len(result['docs'])} documents, {args.render}, "
          f"{'rules + model' if args.model else 'rules only'}")
    print(table(result))
    if args.misses:
        print(misses(result))
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"blind-{args.folder.name}-{args.render}-{'model' if args.model else 'rules'}.json"
    (args.out / name).write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"Report: {(args.out / name).relative_to(REPO) if (args.out / name).is_relative_to(REPO) else args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
