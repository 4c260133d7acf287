"""The extraction adapter, measured: the same documents through the whole pipeline with the base
model alone and with base + adapter, in one run (interleaved, so machine load hits both alike).

    python bench/bench_adapter.py sroie ../shared/datasets/sroie-dev [--limit N]
    python bench/bench_adapter.py heldout [--n 15]
    python bench/bench_adapter.py teach ../shared/datasets/sroie-dev --k 20 [--eval 100]

``sroie``/``heldout``: per-field accuracy (text exact; dates and amounts normalised; address
also on letters and digits), the model's own answers for its fields, latency per document.
``teach``: a person corrects the first K receipts; a personal adapter is trained on them plus
generated replay data (desktop_app.teach.personal) and compared on the next receipts. SROIE is
research-only: it is evaluated here, and in the teach simulation it plays the person's own
documents; the shipped adapter never sees it.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("COFFER_HOME", "/tmp/coffer-bench-adapter")

from desktop_app.core.entities import ParsedDocument  # noqa: E402
from desktop_app.core.evaluation import FIELD_TYPES, load_labels, norm_text  # noqa: E402
from desktop_app.core.grounding import letters_digits  # noqa: E402
from desktop_app.core.normalize import normalise_value  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "results"


class Recording:
    """Wraps an engine: remembers what the model answered for its fields."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.last: dict[str, tuple[str, float]] = {}

    def fill(self, prompt, keys, **kw):
        self.last = self.engine.fill(prompt, keys, **kw)
        return self.last


def right(name: str, pred: str, truth: str) -> tuple[bool, bool]:
    """(exact, or normalised for dates and amounts; letters and digits)"""
    if not pred:
        return False, False
    exact = norm_text(pred) == norm_text(truth)
    t = FIELD_TYPES.get(name)
    if t:
        a, b = normalise_value(t, pred), normalise_value(t, truth)
        exact = exact or (a is not None and a == b)
    return exact, exact or letters_digits(pred) == letters_digits(truth)


class Tally:
    def __init__(self) -> None:
        self.n: dict[str, int] = {}
        self.ok: dict[str, int] = {}
        self.ld: dict[str, int] = {}
        self.model_n: dict[str, int] = {}
        self.model_ok: dict[str, int] = {}
        # where the model's own answer and the pipeline's disagree on being right (letters and
        # digits): what a bigger say for the model could win (model right, pipeline wrong) and lose
        self.model_only: dict[str, int] = {}
        self.pipeline_only: dict[str, int] = {}
        self.seconds: list[float] = []
        self.rows: list[dict] = []

    def add(self, fields: dict[str, str], ex, model: dict[str, tuple[str, float]], seconds: float,
            model_fields: tuple[str, ...]) -> list[dict]:
        misses = []
        self.seconds.append(seconds)
        row: dict = {"seconds": round(seconds, 3)}
        for name, truth in fields.items():
            f = ex.get(name) or (ex.get("vendor") if name == "company" else None)
            pred = f.raw if f is not None and f.raw else ""
            e, ld = right(name, pred, truth)
            self.n[name] = self.n.get(name, 0) + 1
            self.ok[name] = self.ok.get(name, 0) + e
            self.ld[name] = self.ld.get(name, 0) + ld
            if not ld:
                misses.append({"field": name, "truth": truth, "pred": pred})
            if name in model_fields:
                said, prob = model.get(name, ("", 0.0))
                m_ld = right(name, said, truth)[1]
                self.model_n[name] = self.model_n.get(name, 0) + 1
                self.model_ok[name] = self.model_ok.get(name, 0) + m_ld
                self.model_only[name] = self.model_only.get(name, 0) + (m_ld and not ld)
                self.pipeline_only[name] = self.pipeline_only.get(name, 0) + (ld and not m_ld)
                row[name] = {"pipeline": pred, "pipeline_ok": ld, "model": said, "model_p": round(float(prob), 4),
                             "model_ok": m_ld}
        self.rows.append(row)
        return misses

    def table(self) -> dict:
        fields = {k: {"n": self.n[k], "exact": round(self.ok[k] / self.n[k], 4),
                      "letters_digits": round(self.ld[k] / self.n[k], 4)} for k in self.n}
        model = {k: round(self.model_ok[k] / self.model_n[k], 4) for k in self.model_n}
        out = {"fields": fields, "model_fields": model,
               "model_right_pipeline_wrong": dict(self.model_only),
               "pipeline_right_model_wrong": dict(self.pipeline_only),
               "latency_p50": round(statistics.median(self.seconds), 3) if self.seconds else None,
               "latency_mean": round(statistics.mean(self.seconds), 3) if self.seconds else None}
        if {"company", "date", "address", "total"} <= set(fields):
            out["mean4_exact"] = round(statistics.mean(fields[k]["exact"] for k in ("company", "date", "address", "total")), 4)
            out["mean4_address_ld"] = round(statistics.mean(
                [fields[k]["exact"] for k in ("company", "date", "total")] + [fields["address"]["letters_digits"]]), 4)
        out["mean_all_exact"] = round(statistics.mean(v["exact"] for v in fields.values()), 4) if fields else None
        return out


def engines(adapter: Path | None, threads: int | None):
    from desktop_app.inference.catalog import resolve_model
    from desktop_app.inference.llama_engine import LlamaCppEngine
    from desktop_app.system.paths import app_paths

    base, _ = resolve_model(app_paths().ensure().models)
    plain = LlamaCppEngine(base, max_threads=threads)
    tuned = LlamaCppEngine(base, max_threads=threads, lora_path=adapter)
    return base, plain, tuned


def shipped_adapter() -> Path:
    return REPO / "models" / "coffer-extract-lora.gguf"


def run_pair(docs: list[tuple[str, str, str, dict[str, str]]], adapter: Path, threads: int | None,
             label: str) -> dict:
    """docs: (id, kind, text, fields). Returns the tables without and with the adapter."""
    from desktop_app.core.service import DocumentService
    from desktop_app.main import schemas as load_schemas

    schemas = load_schemas()
    _base, plain, tuned = engines(adapter, threads)
    rec = {"base": Recording(plain), "adapter": Recording(tuned)}
    service = {k: DocumentService(reader=None, schemas=schemas, engine_factory=lambda r=r: r)
               for k, r in rec.items()}
    tallies = {"base": Tally(), "adapter": Tally()}
    misses: dict[str, list] = {"base": [], "adapter": []}
    per_kind: dict[str, dict[str, Tally]] = {}
    rows: list[dict] = []
    for i, (doc_id, kind, text, fields) in enumerate(docs):
        schema = schemas[kind]
        parsed = ParsedDocument.from_text(text)
        row = {"id": doc_id, "kind": kind}
        for name in ("base", "adapter") if i % 2 == 0 else ("adapter", "base"):
            t = time.perf_counter()
            ex = service[name].analyse(parsed, kind=kind)  # as `coffer eval` does
            sec = time.perf_counter() - t
            m = tallies[name].add(fields, ex, rec[name].last, sec, schema.model_fields)
            row[name] = tallies[name].rows[-1]
            per_kind.setdefault(kind, {"base": Tally(), "adapter": Tally()})[name].add(
                fields, ex, rec[name].last, sec, schema.model_fields)
            misses[name] += [{"id": doc_id, **x} for x in m]
        rows.append(row)
        if i % 10 == 9:
            b, a = tallies["base"].table(), tallies["adapter"].table()
            print(f"{label} {i + 1}/{len(docs)} mean base {b['mean_all_exact']} adapter {a['mean_all_exact']} "
                  f"model base {b['model_fields']} adapter {a['model_fields']}", file=sys.stderr, flush=True)
    plain.close()
    tuned.close()
    return {"overall": {k: v.table() for k, v in tallies.items()},
            "kinds": {k: {n: t.table() for n, t in v.items()} for k, v in per_kind.items()},
            "misses": misses, "documents": len(docs), "adapter": adapter.name, "per_document": rows}


def print_tables(title: str, result: dict) -> None:
    print(f"\n## {title} ({result['documents']} documents, adapter {result['adapter']})")
    for kind, pair in sorted(result["kinds"].items()):
        b, a = pair["base"], pair["adapter"]
        print(f"\n{kind}:  field | base exact / l+d | adapter exact / l+d")
        for name in b["fields"]:
            fb, fa = b["fields"][name], a["fields"][name]
            print(f"  {name:<20} {fb['exact']:.3f} / {fb['letters_digits']:.3f}   "
                  f"{fa['exact']:.3f} / {fa['letters_digits']:.3f}")
        for name in b["model_fields"]:
            print(f"  model says {name:<13} {b['model_fields'][name]:.3f}           {a['model_fields'][name]:.3f}")
            print(f"    model right, pipeline wrong / the reverse: base {b['model_right_pipeline_wrong'].get(name, 0)}"
                  f" / {b['pipeline_right_model_wrong'].get(name, 0)}   adapter "
                  f"{a['model_right_pipeline_wrong'].get(name, 0)} / {a['pipeline_right_model_wrong'].get(name, 0)}")
        for key in ("mean4_exact", "mean4_address_ld", "mean_all_exact", "latency_p50", "latency_mean"):
            if b.get(key) is not None:
                print(f"  {key:<20} {b[key]:.3f}           {a[key]:.3f}")


def cmd_sroie(args) -> int:
    labelled = load_labels(args.folder)[args.offset :]
    if args.limit:
        labelled = labelled[: args.limit]
    docs = [(d.id, d.kind or "receipt", d.text_path.read_text(encoding="utf-8"), d.fields) for d in labelled]
    result = run_pair(docs, args.adapter, args.threads, "sroie")
    print_tables(f"{args.folder.name}: whole pipeline, base vs base+adapter", result)
    _save(f"adapter-{args.folder.name}-{args.offset}-{args.offset + len(docs)}.json", result)
    return 0


def cmd_heldout(args) -> int:
    from desktop_app.teach.synth import HELDOUT, KINDS, generate_set

    seed = 20241127  # bench_accuracy's held-out seed
    docs = []
    for kind in KINDS:
        for d in generate_set([kind], args.n, seed, layouts={kind: [HELDOUT[kind]]}):
            docs.append((d.id, kind, d.text, dict(d.fields)))
    result = run_pair(docs, args.adapter, args.threads, "heldout")
    print_tables("generated held-out layouts: whole pipeline, base vs base+adapter", result)
    _save("adapter-heldout.json", result)
    return 0


def cmd_teach(args) -> int:
    from desktop_app.inference.catalog import resolve_model
    from desktop_app.main import schemas as load_schemas
    from desktop_app.system.paths import app_paths
    from desktop_app.teach.personal import TeachDoc, teach_from_docs

    labelled = load_labels(args.folder)
    docs = [TeachDoc(d.id, d.kind or "receipt", d.text_path.read_text(encoding="utf-8"), d.fields)
            for d in labelled]
    taught, rest = docs[: args.k], docs[args.k : args.k + args.eval]
    base, _ = resolve_model(app_paths().ensure().models)
    current = args.adapter if args.adapter and args.adapter.exists() else None
    started = time.perf_counter()
    report, blob = teach_from_docs(taught, base_gguf=base, current_adapter=current, schemas=load_schemas(),
                                   heldout=rest, max_minutes=args.minutes, threads=args.threads,
                                   progress=lambda p: print(f"{p.stage} {p.fraction:.0%} {p.message}",
                                                            file=sys.stderr, flush=True))
    out = {"k": args.k, "evaluated_on": len(rest), "start_adapter": current.name if current else None,
           "train_seconds": round(report.train_seconds, 1), "peak_rss_mib": round(report.peak_rss_mib),
           "train_examples": report.train_examples, "replay_examples": report.replay_examples,
           "before_pipeline_ld": report.before, "after_pipeline_ld": report.after,
           "before_model_fields": report.model_before, "after_model_fields": report.model_after,
           "kept": report.kept, "total_seconds": round(time.perf_counter() - started, 1)}
    print(json.dumps(out, indent=2))
    _save(f"adapter-teach-{args.k}.json", out)
    return 0


def _save(name: str, data: dict) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / name).write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nReport: {OUT / name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("sroie")
    s.add_argument("folder", type=Path)
    s.add_argument("--limit", type=int, default=0)
    s.add_argument("--offset", type=int, default=0, help="skip the first N documents")
    h = sub.add_parser("heldout")
    h.add_argument("--n", type=int, default=15)
    t = sub.add_parser("teach")
    t.add_argument("folder", type=Path)
    t.add_argument("--k", type=int, default=20)
    t.add_argument("--eval", type=int, default=100)
    t.add_argument("--minutes", type=float, default=20)
    for p in (s, h, t):
        p.add_argument("--adapter", type=Path, default=shipped_adapter())
        p.add_argument("--threads", type=int, default=None)
    args = ap.parse_args(argv)
    return {"sroie": cmd_sroie, "heldout": cmd_heldout, "teach": cmd_teach}[args.cmd](args)


if __name__ == "__main__":
    raise SystemExit(main())
