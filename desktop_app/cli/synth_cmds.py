"""`coffer synth`: write labelled synthetic documents (labels.jsonl + text/) for eval and training."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("synth", help="generate labelled test documents (deterministic by seed)")
    p.add_argument("out", type=Path, help="folder to write labels.jsonl and text/ into")
    p.add_argument("--kinds", default="all",
                   help="comma-separated kinds (receipt, invoice, bank_statement, payslip, lab_report, "
                        "prescription, medical_summary) or 'all'")
    p.add_argument("--n", type=int, default=20, help="documents per kind")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--lang", default="en,de,fr", help="comma-separated languages (en, de, fr)")
    p.add_argument("--layouts", default="",
                   help="only these layout families (comma-separated); default all of each kind")
    p.add_argument("--heldout", choices=("include", "exclude", "only"), default="include",
                   help="the held-out layout family of each kind (for benchmarks on unseen layouts)")
    p.add_argument("--noise", type=int, choices=(0, 1, 2), help="fixed noise level (default: varied)")
    p.add_argument("--render", default="", help="also write pdf/ (text layer) and/or images/ (noisy PNG, "
                                                  "for `coffer eval --images`): e.g. --render pdf,png")
    p.set_defaults(func=cmd_synth)


def cmd_synth(args: argparse.Namespace) -> int:
    from desktop_app.teach.synth import HELDOUT, KINDS, LANGS, LAYOUTS, generate_set, write_set

    kinds = list(KINDS) if args.kinds == "all" else [k.strip() for k in args.kinds.split(",") if k.strip()]
    langs = [x.strip() for x in args.lang.split(",") if x.strip()]
    unknown = [k for k in kinds if k not in KINDS] + [x for x in langs if x not in LANGS]
    if unknown:
        print(f"coffer: unknown kind or language: {', '.join(unknown)}", file=sys.stderr)
        return 2
    wanted = {x.strip() for x in args.layouts.split(",") if x.strip()}
    layouts: dict[str, list[str]] = {}
    for kind in kinds:
        fams = [f for f in LAYOUTS[kind] if not wanted or f in wanted]
        if args.heldout == "exclude":
            fams = [f for f in fams if f != HELDOUT[kind]]
        elif args.heldout == "only":
            fams = [f for f in fams if f == HELDOUT[kind]]
        if not fams:
            print(f"coffer: no layout of {kind} left to generate", file=sys.stderr)
            return 2
        layouts[kind] = fams
    docs = generate_set(kinds, args.n, args.seed, langs=langs, layouts=layouts, noise=args.noise)
    labels = write_set(args.out, docs)
    render = {x.strip() for x in args.render.split(",") if x.strip()}
    if render - {"pdf", "png"}:
        print(f"coffer: unknown --render format: {', '.join(sorted(render - {'pdf', 'png'}))}", file=sys.stderr)
        return 2
    if render:
        _render(args.out, docs, render)
    print(f"Wrote {len(docs)} documents to {labels}")
    return 0


def _render(out: Path, docs: list, formats: set[str]) -> None:
    """Write the renderings and add their paths to labels.jsonl ('image' is what eval --images reads)."""
    import json

    from desktop_app.teach.synth.render import to_pdf, to_png

    records = []
    for doc in docs:
        rec = doc.label_record(f"text/{doc.id}.txt")
        if "pdf" in formats:
            (out / "pdf").mkdir(exist_ok=True)
            to_pdf(doc.text, out / "pdf" / f"{doc.id}.pdf")
            rec["pdf"] = f"pdf/{doc.id}.pdf"
        if "png" in formats:
            (out / "images").mkdir(exist_ok=True)
            to_png(doc.text, out / "images" / f"{doc.id}.png", seed=doc.seed)
            rec["image"] = f"images/{doc.id}.png"
        records.append(json.dumps(rec, ensure_ascii=False))
    (out / "labels.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
