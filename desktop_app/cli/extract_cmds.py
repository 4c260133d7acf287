"""`coffer extract`, `coffer summarize` and `coffer eval`: analyse files without the vault."""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from desktop_app.core.entities import Extraction
from desktop_app.core.evaluation import EvalReport, format_table, load_labels
from desktop_app.core.service import DocumentService, FileResult


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("extract", help="read documents and print their fields (nothing is stored)")
    p.add_argument("files", nargs="+", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--csv", type=Path, metavar="OUT", help="also write one CSV row per document")
    p.add_argument("--kind", help="skip classification and use this document kind")
    _model_args(p)
    p.set_defaults(func=cmd_extract)

    s = sub.add_parser("summarize", help="print a short summary of a document")
    s.add_argument("file", type=Path)
    _model_args(s)
    s.set_defaults(func=cmd_summarize)

    e = sub.add_parser("eval", help="measure extraction accuracy on a labelled folder (labels.jsonl)")
    e.add_argument("folder", type=Path)
    e.add_argument("--images", action="store_true", help="read the scans (OCR) instead of the transcriptions")
    e.add_argument("--limit", type=int, default=0, help="only the first N documents")
    e.add_argument("--report", type=Path, help="where to write the JSON report")
    e.add_argument("--misses", action="store_true", help="print every wrong field")
    e.add_argument("--teach", type=int, default=0, metavar="K",
                   help="simulate a person correcting the first K documents of each issuer; "
                        "report accuracy on the rest, before and after")
    _model_args(e)
    e.set_defaults(func=cmd_eval)


def _model_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model", type=Path, help="a GGUF model file instead of the bundled Gemma 3 270M")
    p.add_argument("--trust-model", action="store_true",
                   help="load --model even if its sha256 is not in the manifest")
    p.add_argument("--no-model", action="store_true", help="rules only, no language model")
    p.add_argument("--no-adapter", action="store_true",
                   help="the base model alone, without Coffer's fine-tuned adapter")
    p.add_argument("--threads", type=int, help="most CPU threads the model may use")
    p.add_argument("--password", help="password of an encrypted PDF")


def _service(args: argparse.Namespace) -> DocumentService:
    from desktop_app.main import build_service

    return build_service(model=args.model, trust_model=args.trust_model,
                         use_model=not args.no_model, threads=args.threads,
                         use_adapter=False if getattr(args, "no_adapter", False) else None)


def result_dict(r: FileResult) -> dict[str, Any]:
    out: dict[str, Any] = {"file": str(r.path), "seconds": round(r.seconds, 3)}
    if r.error:
        out["error"] = r.error
    if r.extraction:
        out.update(r.extraction.to_dict())
    if r.parsed:
        out["ocr_used"] = r.parsed.ocr_used
    return out


def format_extraction(path: Path, ex: Extraction) -> str:
    lines = [f"{path.name}: {ex.kind} (confidence {ex.kind_confidence:.2f})"]
    for f in ex.fields:
        if not f.raw:
            continue
        span = f"[{f.span[0]}:{f.span[1]}]" if f.span else "[not in text]"
        mark = "  ?" if f.uncertain else ""
        norm = f" → {f.value}" if f.value and f.value != f.raw else ""
        lines.append(f"  {f.name:<18} {f.raw}{norm}  {span} conf {f.confidence:.2f}{mark}")
    for name, rows in ex.lists.items():
        if rows:
            lines.append(f"  {name}: {len(rows)} rows")
            for row in rows[:8]:
                cells = " | ".join(f"{k}={c.value or c.raw}" for k, c in row.items())
                lines.append(f"    - {cells}")
    for c in ex.checks:
        lines.append(f"  check: {c}")
    if ex.summary:
        lines.append(f"  summary: {ex.summary}")
    return "\n".join(lines)


def cmd_extract(args: argparse.Namespace) -> int:
    service = _service(args)
    results = []
    for path in args.files:
        r = service.extract_file(path, kind=args.kind, password=args.password)
        results.append(r)
        if not args.json:
            if r.error:
                print(f"{path.name}: error: {r.error}")
            elif r.extraction:
                print(format_extraction(path, r.extraction))
            print()
    if args.json:
        print(json.dumps([result_dict(r) for r in results], indent=2, ensure_ascii=False))
    if args.csv:
        from desktop_app.cli.csv_out import write_extractions

        write_extractions(args.csv, results)
        print(f"Wrote {len(results)} rows to {args.csv}", file=sys.stderr)
    return 1 if all(r.error for r in results) else 0


def cmd_summarize(args: argparse.Namespace) -> int:
    service = _service(args)
    r = service.extract_file(args.file, password=args.password)
    if r.error:
        print(f"coffer: {r.error}", file=sys.stderr)
        return 1
    assert r.extraction is not None
    print(r.extraction.summary)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    service = _service(args)
    labelled = load_labels(args.folder)
    if args.images:
        labelled = [d for d in labelled if d.image_path]
    if args.limit:
        labelled = labelled[: args.limit]
    if service.use_model:
        service.engine()  # load once, outside the latency numbers
    taught: set[str] = set()
    if args.teach:
        # the labels' issuer stands for "the same shop": its first K documents are corrected
        seen: dict[str, int] = {}
        for doc in labelled:
            issuer = " ".join(doc.fields.get("company", doc.fields.get("vendor", "")).upper().split())
            if issuer and seen.get(issuer, 0) < args.teach:
                seen[issuer] = seen.get(issuer, 0) + 1
                taught.add(doc.id)
        scored = [d for d in labelled if d.id not in taught
                  and seen.get(" ".join(d.fields.get("company", d.fields.get("vendor", "")).upper().split()), 0)]
        before, _ = _evaluate(service, scored, args)
        for doc in labelled:
            if doc.id in taught:
                parsed = _parse(service, doc, args.images)
                service.teach(doc.kind or "receipt", parsed.text, doc.fields)
        report, misses = _evaluate(service, scored, args)
        print(f"--teach {args.teach}: {len(taught)} documents corrected, {len(scored)} later documents "
              f"of the same issuers scored")
        print("before teaching:")
        print(format_table({**before.summary(), "mode": ""}))
        print("after teaching:")
    else:
        report, misses = _evaluate(service, labelled, args)
    summary = report.summary()
    summary["mode"] = ("images" if args.images else "text") + (f"-teach{args.teach}" if args.teach else "")
    summary["model"] = service.use_model
    print(format_table(summary))
    if args.misses:
        for m in misses:
            print(f"  {m['id']:<12} {m['field']:<10} truth={m['truth']!r} pred={m['pred']!r}")
    out = args.report or Path("bench/results") / f"eval-{args.folder.name}-{summary['mode']}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({**summary, "misses": misses}, indent=2), encoding="utf-8")
    print(f"Report: {out}")
    return 0


def _parse(service: DocumentService, doc, images: bool):
    from desktop_app.core.entities import ParsedDocument

    if images:
        assert doc.image_path is not None
        return service.read(doc.image_path)
    assert doc.text_path is not None
    return ParsedDocument.from_text(doc.text_path.read_text(encoding="utf-8"))


def _evaluate(service: DocumentService, labelled: list, args: argparse.Namespace) -> tuple[EvalReport, list[dict]]:
    report = EvalReport()
    misses: list[dict] = []
    for i, doc in enumerate(labelled):
        started = time.perf_counter()
        ex = None
        text = ""
        try:
            parsed = _parse(service, doc, args.images)
            text = parsed.text
            ex = service.analyse(parsed, kind=doc.kind or None)
        except Exception as exc:  # an evaluation run reports failures and goes on
            report.errors.append(f"{doc.id}: {type(exc).__name__}: {exc}")
        misses += report.add(doc, ex, time.perf_counter() - started, text)
        if sys.stderr.isatty():
            print(f"\r{i + 1}/{len(labelled)}", end="", file=sys.stderr)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return report, misses
