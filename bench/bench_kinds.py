"""Kind accuracy on labelled folders of documents (tests/fixtures/*_blind*, kinds_blind).

Run: .venv/bin/python bench/bench_kinds.py FOLDER [FOLDER ...] [--quiet]
Each FOLDER holds the documents as text and a labels.jsonl with per line {"id", "text", "doc_type"}.
Every document is classified by Coffer's classifier as the service does when no kind is given
(``classify(text, schemas)``; the model plays no part in the kind). Per folder it prints the
kind accuracy, the confusions (truth -> chosen: count) and, per document, the kind chosen, its
score and the runner-up. Numbers, not verdicts.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.core.classify import classify  # noqa: E402


def run(folder: Path) -> list[dict]:
    from desktop_app.main import schemas

    sset = schemas()
    out = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        lab = json.loads(line)
        text = (folder / lab["text"]).read_text(encoding="utf-8")
        kind, confidence, scores = classify(text, sset)
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        out.append({"id": lab["id"], "truth": lab["doc_type"], "pred": kind, "confidence": confidence,
                    "score": round(scores.get(kind, 0.0), 2),
                    "runner_up": [ranked[1][0], round(ranked[1][1], 2)] if len(ranked) > 1 else None})
    return out


def report(folder: Path, docs: list[dict], quiet: bool) -> str:
    ok = sum(d["truth"] == d["pred"] for d in docs)
    lines = [f"{folder.name}: kind accuracy {ok}/{len(docs)} = {ok / max(1, len(docs)):.3f}"]
    confusions = Counter((d["truth"], d["pred"]) for d in docs if d["truth"] != d["pred"])
    for (truth, pred), n in sorted(confusions.items()):
        lines.append(f"  confused {truth} -> {pred}: {n}")
    if not quiet:
        for d in docs:
            mark = "  " if d["truth"] == d["pred"] else "XX"
            ru = f"{d['runner_up'][0]} {d['runner_up'][1]}" if d["runner_up"] else "-"
            lines.append(f"  {mark} {d['id']:<36} truth {d['truth']:<16} chose {d['pred']:<16} "
                         f"score {d['score']:>6.2f}  conf {d['confidence']:.2f}  next {ru}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--quiet", action="store_true", help="accuracy and confusions only")
    args = ap.parse_args(argv)
    total = right = 0
    for folder in args.folders:
        if folder.name == "holdout":
            print("skipping holdout (a held-out measurement set)", file=sys.stderr)
            continue
        docs = run(folder)
        total += len(docs)
        right += sum(d["truth"] == d["pred"] for d in docs)
        print(report(folder, docs, args.quiet))
    if len(args.folders) > 1:
        print(f"all: {right}/{total} = {right / max(1, total):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
