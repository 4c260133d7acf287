"""The shipped model against a requantized copy of it, in one run (interleaved, so machine load
hits both alike): how far the candidate's next-token distributions are from the shipped model's,
what each model itself answers for its fields inside the pipeline, latency and file size.

    python bench/bench_model_quant.py [--embd q5_1] [--docs 60] [--fields 120]
    python bench/bench_model_quant.py --candidate PATH

Without ``--candidate`` the candidate is made from the shipped model with llama.cpp's own
quantizer (``slim_copy``): only the token embedding (which Gemma 3 ties to the output layer)
changes type; every other tensor is copied byte for byte. Gemma 3 270M's embedding (262,144
tokens x 640) is 180 MB of the 253 MB file as Q8_0; rows of 640 are not a multiple of 256, so
no k-quant can hold it (llama.cpp's own Q4_K_M recipe falls back to Q8_0 for it); Q5_1 can.

Fidelity is measured teacher-forced on document text (sroie-dev transcriptions and mtsamples
notes, the first 256 tokens of each): top-1 agreement with the shipped model, mean KL divergence
(shipped || candidate) in nats per token, and the perplexity of each. Field answers: the model's
own answer for each of its fields (recorded inside the pipeline, as bench_adapter does) on
sroie-dev receipts, scored letters and digits against the labels, and how often the two models
answer the same.
"""
from __future__ import annotations

import argparse
import ctypes
import importlib.util
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("COFFER_HOME", "/tmp/coffer-bench-quant")

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "datasets"
OUT = REPO / "bench" / "results"


EMBEDDING_TYPES = {"q8_0": 8, "q5_1": 7, "q5_0": 6, "q4_1": 3, "q4_0": 2}  # GGML type ids


def slim_copy(src: Path, dst: Path, embedding: str = "q5_1", threads: int = 2) -> None:
    """Write ``dst``: ``src`` with its token embedding requantized to ``embedding``."""
    import llama_cpp

    params = llama_cpp.llama_model_quantize_default_params()
    params.nthread = threads
    params.ftype = llama_cpp.LLAMA_FTYPE_MOSTLY_Q4_K_M
    params.allow_requantize = True
    params.token_embedding_type = EMBEDDING_TYPES[embedding]
    partial = dst.with_name(dst.name + ".partial")
    partial.unlink(missing_ok=True)
    rc = llama_cpp.llama_model_quantize(str(src).encode(), str(partial).encode(), ctypes.byref(params))
    if rc != 0 or not partial.exists():
        partial.unlink(missing_ok=True)
        raise RuntimeError(f"llama.cpp could not requantize {src.name} (code {rc}).")
    os.replace(partial, dst)


def _bench_adapter():
    spec = importlib.util.spec_from_file_location("bench_adapter", REPO / "bench" / "bench_adapter.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def texts(n: int) -> list[str]:
    """Alternating receipts and clinical notes, the kinds of text the model reads."""
    from desktop_app.core.evaluation import load_labels

    receipts = [d.text_path for d in load_labels(DATA / "sroie-dev")]
    notes = sorted((DATA / "mtsamples-dev" / "text").glob("*.txt"))
    out = []
    for a, b in zip(receipts, notes, strict=False):
        out += [a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8")]
    if not out:
        raise SystemExit(f"No documents under {DATA}.")
    return out[:n]


def _log_softmax(x: np.ndarray) -> np.ndarray:
    x = x - x.max(axis=-1, keepdims=True)
    return x - np.log(np.exp(x).sum(axis=-1, keepdims=True))


def fidelity(shipped: Path, candidate: Path, docs: list[str], max_tokens: int, threads: int) -> dict:
    import llama_cpp

    def load(p: Path):
        return llama_cpp.Llama(model_path=str(p), n_ctx=max_tokens + 8, n_batch=max_tokens + 8,
                               n_threads=threads, n_threads_batch=threads, logits_all=True, verbose=False)

    a, b = load(shipped), load(candidate)
    agree = total = 0
    kl: list[float] = []
    nll = {"shipped": [], "candidate": []}
    for text in docs:
        toks = a.tokenize(text.encode("utf-8"), add_bos=True)[:max_tokens]
        if len(toks) < 8:
            continue
        logp = {}
        for name, m in (("shipped", a), ("candidate", b)):
            m.reset()
            m.eval(toks)
            logp[name] = _log_softmax(np.array(m.scores[: len(toks)], dtype=np.float64))
        la, lb = logp["shipped"][:-1], logp["candidate"][:-1]
        nxt = np.array(toks[1:])
        agree += int((la.argmax(-1) == lb.argmax(-1)).sum())
        total += len(nxt)
        kl += list((np.exp(la) * (la - lb)).sum(-1))
        for name, lp in (("shipped", la), ("candidate", lb)):
            nll[name] += list(-lp[np.arange(len(nxt)), nxt])
    a.close()
    b.close()
    return {"tokens": total, "top1_agreement": round(agree / total, 4),
            "kl_mean": round(float(np.mean(kl)), 5), "kl_p99": round(float(np.percentile(kl, 99)), 4),
            "ppl_shipped": round(float(np.exp(np.mean(nll["shipped"]))), 3),
            "ppl_candidate": round(float(np.exp(np.mean(nll["candidate"]))), 3)}


def field_answers(shipped: Path, candidate: Path, n: int, threads: int) -> dict:
    from desktop_app.core.entities import ParsedDocument
    from desktop_app.core.evaluation import load_labels
    from desktop_app.core.service import DocumentService
    from desktop_app.inference.llama_engine import LlamaCppEngine
    from desktop_app.main import schemas as load_schemas

    ba = _bench_adapter()
    schemas = load_schemas()
    engines = {"shipped": LlamaCppEngine(shipped, max_threads=threads),
               "candidate": LlamaCppEngine(candidate, max_threads=threads)}
    rec = {k: ba.Recording(e) for k, e in engines.items()}
    service = {k: DocumentService(reader=None, schemas=schemas, engine_factory=lambda r=r: r)
               for k, r in rec.items()}
    tallies = {k: ba.Tally() for k in engines}
    same = asked = 0
    for i, d in enumerate(load_labels(DATA / "sroie-dev")[:n]):
        kind = d.kind or "receipt"
        parsed = ParsedDocument.from_text(d.text_path.read_text(encoding="utf-8"))
        said = {}
        for name in ("shipped", "candidate") if i % 2 == 0 else ("candidate", "shipped"):
            t = time.perf_counter()
            ex = service[name].analyse(parsed, kind=kind)
            tallies[name].add(d.fields, ex, rec[name].last, time.perf_counter() - t,
                              schemas[kind].model_fields)
            said[name] = rec[name].last
        for key in set(said["shipped"]) | set(said["candidate"]):
            asked += 1
            same += said["shipped"].get(key, ("",))[0] == said["candidate"].get(key, ("",))[0]
    out = {k: t.table() for k, t in tallies.items()}
    out["answers_identical"] = round(same / asked, 4) if asked else None
    out["answers"] = asked
    for e in engines.values():
        e.close()
    return out


def main(argv: list[str] | None = None) -> int:
    from desktop_app.inference.catalog import resolve_model
    from desktop_app.system.paths import app_paths

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--candidate", type=Path)
    ap.add_argument("--shipped", type=Path, help="the reference model (default: the original Q4_K_M)")
    ap.add_argument("--embd", default="q5_1", choices=sorted(EMBEDDING_TYPES))
    ap.add_argument("--docs", type=int, default=60, help="documents for the fidelity measure")
    ap.add_argument("--tokens", type=int, default=256)
    ap.add_argument("--fields", type=int, default=120, help="sroie-dev receipts for the field answers")
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args(argv)

    shipped = args.shipped or resolve_model(app_paths().ensure().models)[0]
    tmp = None
    candidate = args.candidate
    if candidate is None:
        tmp = tempfile.TemporaryDirectory()
        candidate = Path(tmp.name) / f"candidate-{args.embd}.gguf"
        t = time.perf_counter()
        slim_copy(shipped, candidate, args.embd)
        print(f"made {candidate.name} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    sizes = {"shipped": shipped.stat().st_size, "candidate": candidate.stat().st_size}
    result = {"shipped": shipped.name, "candidate": candidate.name, "embd": args.embd,
              "size_mb": {k: round(v / 1e6, 1) for k, v in sizes.items()}}
    t = time.perf_counter()
    result["fidelity"] = fidelity(shipped, candidate, texts(args.docs), args.tokens, args.threads)
    result["fidelity"]["seconds"] = round(time.perf_counter() - t, 1)
    if args.fields:
        result["fields"] = field_answers(shipped, candidate, args.fields, args.threads)

    f = result["fidelity"]
    print(f"\n## {result['shipped']} vs {result['candidate']} (token embedding {args.embd})\n")
    print("| measure | shipped | candidate |\n|---|---|---|")
    print(f"| file size MB | {result['size_mb']['shipped']} | {result['size_mb']['candidate']} |")
    print(f"| perplexity on {f['tokens']} document tokens | {f['ppl_shipped']} | {f['ppl_candidate']} |")
    print(f"| top-1 next token = shipped's | 1.0 | {f['top1_agreement']} |")
    print(f"| KL(shipped ‖ candidate) nats/token, mean / p99 | 0 | {f['kl_mean']} / {f['kl_p99']} |")
    if args.fields:
        fs, fc = result["fields"]["shipped"], result["fields"]["candidate"]
        for name in fs["model_fields"]:
            print(f"| model's own {name} right (letters+digits) | {fs['model_fields'][name]:.3f} | "
                  f"{fc['model_fields'][name]:.3f} |")
        print(f"| pipeline mean exact | {fs['mean_all_exact']:.3f} | {fc['mean_all_exact']:.3f} |")
        print(f"| latency p50 / mean s | {fs['latency_p50']:.3f} / {fs['latency_mean']:.3f} | "
              f"{fc['latency_p50']:.3f} / {fc['latency_mean']:.3f} |")
        print(f"| model answers identical | | {result['fields']['answers_identical']} "
              f"(of {result['fields']['answers']}) |")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"model-quant-{args.embd if args.candidate is None else candidate.stem}.json"
    path.write_text(json.dumps(result, indent=2), encoding="utf-8")
    print(f"\nReport: {path}")
    if tmp is not None:
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
