"""Accuracy on generated finance and health documents: per-kind field and list-row tables.

By default the documents come from each kind's held-out layout family (never used while tuning
the list readers) with fixed seeds, and only the rules run; ``--model`` adds the language model.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop_app.core.entities import ParsedDocument  # noqa: E402
from desktop_app.core.evaluation import EvalReport, LabelledDoc, ListScore, score_list  # noqa: E402
from desktop_app.teach.synth import HELDOUT, KINDS, LAYOUTS, generate_set  # noqa: E402

SEED = 20241127  # fixed: the held-out benchmark set never changes between runs


def _rows(ex, name: str) -> list[dict[str, str]]:
    out = []
    for row in ex.lists.get(name, []) if ex else []:
        out.append({c: (f.value if c == "flag" else f.raw) or "" for c, f in row.items()})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=15, help="documents per kind")
    ap.add_argument("--kinds", default=",".join(KINDS))
    ap.add_argument("--split", choices=("heldout", "tuning", "all"), default="heldout")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--model", action="store_true", help="include the language model (slow)")
    ap.add_argument("--misses", action="store_true", help="print wrong fields")
    ap.add_argument("--render", choices=("text", "pdf", "png"), default="text",
                    help="read the documents as text, or render them to a text-layer PDF or a noisy "
                         "PNG first and read them through ingestion (PNG means OCR: slow)")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    args = ap.parse_args(argv)
    os.environ.setdefault("COFFER_HOME", "/tmp/coffer-bench-accuracy")
    from desktop_app.main import build_service

    kinds = [k for k in args.kinds.split(",") if k]
    if args.split == "heldout":
        layouts = {k: [HELDOUT[k]] for k in kinds}
    elif args.split == "tuning":
        layouts = {k: [f for f in LAYOUTS[k] if f != HELDOUT[k]] for k in kinds}
    else:
        layouts = {k: list(LAYOUTS[k]) for k in kinds}
    service = build_service(use_model=args.model)
    if args.model:
        service.engine()
    report: dict = {"render": args.render, "split": args.split, "seed": args.seed, "n": args.n, "model": args.model,
                    "layouts": layouts, "kinds": {}}
    import tempfile

    from desktop_app.teach.synth.render import to_pdf, to_png

    scratch = Path(tempfile.mkdtemp(prefix="coffer-bench-"))
    for kind in kinds:
        docs = generate_set([kind], args.n, args.seed, layouts=layouts)
        fields = EvalReport()
        lists: dict[str, ListScore] = {}
        checks_failed = 0
        misses: list[dict] = []
        for doc in docs:
            started = time.perf_counter()
            if args.render == "text":
                parsed = ParsedDocument.from_text(doc.text)
            else:
                path = scratch / f"{doc.id}.{args.render}"
                (to_pdf if args.render == "pdf" else to_png)(doc.text, path)
                parsed = service.read(path)
            ex = service.analyse(parsed, kind=kind)
            labelled = LabelledDoc(doc.id, None, None, kind, dict(doc.fields))
            misses += fields.add(labelled, ex, time.perf_counter() - started)
            for name, truth in doc.lists.items():
                score_list(lists.setdefault(name, ListScore()), name, truth, _rows(ex, name))
            checks_failed += bool([c for c in ex.checks if "outside the reference range" not in c])
        summary = fields.summary()
        report["kinds"][kind] = {"fields": summary, "lists": {k: v.as_dict() for k, v in lists.items()},
                                 "docs_with_failed_checks": checks_failed, "misses": misses}
        print(f"\n## {kind} ({len(docs)} docs, layouts {', '.join(layouts[kind])}; "
              f"{checks_failed} with a failed consistency check)")
        print(f"{'field':<20}{'exact':>7}{'norm':>7}")
        for name, s in summary["fields"].items():
            print(f"{name:<20}{s['exact']:>7.2f}{s['normalised']:>7.2f}")
        for name, ls in lists.items():
            d = ls.as_dict()
            cols = " ".join(f"{c}={v:.2f}" for c, v in d["columns"].items())
            print(f"list {name}: P={d['precision']:.2f} R={d['recall']:.2f} F1={d['f1']:.2f} "
                  f"row-exact={d['row_exact']:.2f} ({d['truth_rows']} rows) | {cols}")
        if args.misses:
            for m in misses:
                print(f"  {m['id']:<22} {m['field']:<18} truth={m['truth']!r} pred={m['pred']!r}")
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"accuracy-{args.split}-{args.render}-{'model' if args.model else 'rules'}.json"
    (args.out / name).write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nReport: {args.out / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
