"""Teach Coffer from the person's corrections: a personal adapter, trained on the laptop.

``teach_personal_adapter(store, progress, cancel)`` is what the GUI's "Teach Coffer" action and
``coffer teach`` call (in a worker thread: it is synchronous, reports progress, and honours the
cancel token and an optional pause). It

1. reads the corrected documents from the vault and turns each into training examples in the
   app's own prompt format (the corrected values are the answers);
2. keeps a quarter of them (at least 2) aside, trains a LoRA on the rest plus a replay sample of
   generated documents (so nothing already learnt is forgotten), starting from the current
   adapter's weights;
3. A/B-tests it against the current adapter on the held-out corrected documents, through the
   whole extraction pipeline, and keeps it only if it wins;
4. stores it inside the encrypted vault (``storage.blobs``); nothing personal is written in the
   clear, except the adapter file for the instant llama.cpp reads it (an anonymous in-memory
   file on Linux, an owner-only temporary file elsewhere, deleted at once).

``rollback(store)`` goes back to the previous personal adapter or to the shipped one.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.core.jobs import CancelToken, Progress, ProgressCallback, no_progress

PREFIX = "adapter/personal/"
MIN_DOCUMENTS = 6


@dataclass
class TeachDoc:
    id: str
    kind: str
    text: str
    fields: dict[str, str]


@dataclass
class TeachReport:
    documents: int = 0  # corrected documents found
    usable: int = 0  # with at least one model field whose value is in the text
    train_documents: int = 0
    heldout_documents: int = 0
    train_examples: int = 0
    replay_examples: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    train_seconds: float = 0.0
    peak_rss_mib: float = 0.0
    before: float | None = None  # pipeline field accuracy on the held-out documents
    after: float | None = None
    model_before: float | None = None  # model-field accuracy (the adapter's own job)
    model_after: float | None = None
    kept: bool = False
    name: str = ""
    message: str = ""
    dry_run: bool = False

    def lines(self) -> list[str]:
        out = [f"Corrected documents: {self.documents} ({self.usable} usable: {self.kinds})"]
        if self.train_documents:
            out.append(f"Training on {self.train_documents} of them ({self.train_examples} examples) plus "
                       f"{self.replay_examples} generated examples; {self.heldout_documents} kept aside to test.")
        if self.train_seconds:
            out.append(f"Training took {self.train_seconds:.0f} s, peak memory {self.peak_rss_mib:.0f} MiB.")
        if self.before is not None and self.after is not None:
            out.append(f"On the kept-aside documents: fields right {self.before:.1%} with the current "
                       f"adapter, {self.after:.1%} with the new one (model fields "
                       f"{self.model_before:.1%} → {self.model_after:.1%}).")
        if self.message:
            out.append(self.message)
        return out


# -- documents from the vault --------------------------------------------------------------------
def corrected_docs(store) -> list[TeachDoc]:
    out = []
    for rec in store.corrected_documents():
        if rec.parsed is None or rec.extraction is None:
            continue
        fields = {f.name: f.raw for f in rec.extraction.fields if f.raw}
        out.append(TeachDoc(str(rec.id), rec.extraction.kind, rec.parsed.text, fields))
    return out


def split_docs(docs: Sequence[TeachDoc]) -> tuple[list[TeachDoc], list[TeachDoc]]:
    """Every 4th document (in a fixed order) is held out, at least 2."""
    ordered = sorted(docs, key=lambda d: d.id)
    held = [d for i, d in enumerate(ordered) if i % 4 == 3]
    if len(held) < 2:
        held = ordered[-2:]
    train = [d for d in ordered if d not in held]
    return train, held


# -- the adapter file for llama.cpp --------------------------------------------------------------
@contextlib.contextmanager
def adapter_file(blob: bytes) -> Iterator[Path]:
    """A path llama.cpp can open holding ``blob``, for as long as the block runs."""
    if sys.platform.startswith("linux") and hasattr(os, "memfd_create"):
        fd = os.memfd_create("coffer-adapter", 0)
        try:
            os.write(fd, blob)
            os.lseek(fd, 0, os.SEEK_SET)
            yield Path(f"/proc/self/fd/{fd}")
        finally:
            os.close(fd)
        return
    folder = tempfile.mkdtemp(prefix="coffer-")
    path = Path(folder) / "adapter.gguf"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.rmdir(folder)


# -- the personal adapters in the vault ----------------------------------------------------------
def personal_adapters(store) -> list[Any]:
    from desktop_app.storage.blobs import list_blobs

    return list_blobs(store, PREFIX)


def active_personal(store):
    for info in reversed(personal_adapters(store)):
        if info.meta.get("active"):
            return info
    return None


def personal_adapter_provider(store) -> Callable[[], bytes | None]:
    """For the engine factory: the active personal adapter's bytes, or None."""

    def provide() -> bytes | None:
        from desktop_app.core.errors import CofferError
        from desktop_app.storage.blobs import get_blob

        try:
            info = active_personal(store)
            return get_blob(store, info.name) if info is not None else None
        except (CofferError, AttributeError, TypeError):
            return None
        except Exception as exc:  # noqa: BLE001 - a vault without the table, a closed vault
            if type(exc).__name__.endswith("Error"):
                return None
            raise

    return provide


def _set_active(store, name: str | None) -> None:
    from desktop_app.storage.blobs import set_meta

    for info in personal_adapters(store):
        want = info.name == name
        if bool(info.meta.get("active")) != want:
            set_meta(store, info.name, {**info.meta, "active": want})


def rollback(store) -> str:
    """Stop using the active personal adapter: the previous kept one becomes active, or none
    (the standard model: the base model, with the shipped adapter where the manifest switches it
    on). Returns what is in use afterwards."""
    adapters = [a for a in personal_adapters(store) if a.meta.get("kept")]
    current = active_personal(store)
    if current is None:
        return "Coffer's standard model is already in use."
    earlier = [a for a in adapters if a.created_at < current.created_at or
               (a.created_at == current.created_at and a.name < current.name)]
    _set_active(store, earlier[-1].name if earlier else None)
    return (f"Now using the personal adapter from {earlier[-1].created_at}." if earlier
            else "Now using Coffer's standard model again.")


# -- training --------------------------------------------------------------------------------------
def build_examples(schemas, docs: Sequence[TeachDoc], seed: int):
    """Two prompt variants per corrected document: few-shot (as the app asks) and zero-shot."""
    from .dataset import text_example

    out = []
    for d in docs:
        if d.kind not in schemas or not schemas[d.kind].model_fields:
            continue
        for variant in ("fewshot", "zeroshot"):
            ex = text_example(schemas[d.kind], f"person-{d.id}", d.text, d.fields, variant)
            if ex is not None:
                out.append(ex)
    return out


def replay_examples(schemas, n: int, seed: int):
    from .dataset import build_text_examples, training_docs

    per_kind = max(2, n // 8 + 1)
    examples = build_text_examples(schemas, training_docs(per_kind, 1000 + seed), seed)
    return examples[:: max(1, len(examples) // n)][:n] if n else []


def score_pipeline(engine, schemas, docs: Sequence[TeachDoc]) -> tuple[float, float]:
    """(share of labelled fields right through the whole pipeline, share of model fields the
    engine's fill gets right). Text compared on letters and digits."""
    from desktop_app.core.entities import ParsedDocument
    from desktop_app.core.extraction import Extractor
    from desktop_app.core.grounding import letters_digits
    from desktop_app.core.prompts import extraction_prompt

    right = total = m_right = m_total = 0
    extractor = Extractor(engine)
    for d in docs:
        schema = schemas[d.kind]
        ex = extractor.extract(ParsedDocument.from_text(d.text), schema)
        for name, truth in d.fields.items():
            f = ex.get(name)
            total += 1
            right += bool(f is not None and f.raw and letters_digits(f.raw) == letters_digits(truth))
        if engine is not None and schema.model_fields:
            got = engine.fill(extraction_prompt(schema, d.text, schema.model_fields), schema.model_fields,
                              copy_from=d.text)
            for k in schema.model_fields:
                if k in d.fields:
                    m_total += 1
                    m_right += letters_digits(got[k][0]) == letters_digits(d.fields[k])
    return right / max(1, total), m_right / max(1, m_total)


def adapter_rank(gguf_path: Path) -> tuple[int, int]:
    """(rank, alpha) of an adapter file, so a personal adapter going on from it has its shape."""
    from .export import read_lora_gguf

    tensors, kv = read_lora_gguf(gguf_path)
    a = next((t for n, t in tensors.items() if n.endswith(".lora_a")), None)
    if a is None:
        raise ValueError(f"{gguf_path.name} holds no LoRA weights")
    rank = int(min(a.shape))
    alpha = kv.get("adapter.lora.alpha")
    return rank, int(round(float(alpha))) if alpha is not None else 2 * rank


def load_lora_from_gguf(peft_model, gguf_path: Path) -> int:
    """Start from an existing adapter: copy its A/B weights into the PEFT model's LoRA layers
    (same rank). Returns how many tensors were copied."""
    import torch

    from .export import gguf_tensor_name, read_lora_gguf

    tensors, _kv = read_lora_gguf(gguf_path)
    n = 0
    with torch.no_grad():
        for name, param in peft_model.named_parameters():
            if "lora_" not in name:
                continue
            key = gguf_tensor_name(name)
            if key in tensors and tuple(tensors[key].shape) == tuple(param.shape):
                param.copy_(torch.from_numpy(tensors[key].astype("float32")))
                n += 1
    return n


def teach_from_docs(
    docs: Sequence[TeachDoc],
    *,
    base_gguf: Path,
    current_adapter: Path | None,
    schemas,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
    pause=None,
    dry_run: bool = False,
    replay_ratio: float = 1.0,
    max_minutes: float = 30.0,
    seed: int = 0,
    heldout: Sequence[TeachDoc] | None = None,
    threads: int | None = None,
) -> tuple[TeachReport, bytes | None]:
    """The storage-free core (also used by bench/bench_adapter.py): returns the report and the
    new adapter's bytes when it won the A/B test."""
    from .dataset import llama_tokenizer, tokenize_example

    report = TeachReport(documents=len(docs), dry_run=dry_run)
    usable = [d for d in docs if build_examples(schemas, [d], seed)]
    report.usable = len(usable)
    for d in usable:
        report.kinds[d.kind] = report.kinds.get(d.kind, 0) + 1
    if heldout is None:
        if len(usable) < MIN_DOCUMENTS:
            report.message = (f"Not enough corrected documents yet: {len(usable)} usable, "
                              f"{MIN_DOCUMENTS} needed.")
            return report, None
        train_docs, held = split_docs(usable)
    else:
        train_docs, held = list(usable), list(heldout)
    person = build_examples(schemas, train_docs, seed)
    replay = replay_examples(schemas, int(len(person) * replay_ratio), seed)
    report.train_documents, report.heldout_documents = len(train_docs), len(held)
    report.train_examples, report.replay_examples = len(person), len(replay)
    if dry_run:
        report.message = "Dry run: nothing was trained."
        return report, None

    from .base import base_dir_for, load_base, prepare_base, require_teach_packages

    require_teach_packages()
    from .export import write_lora_gguf
    from .train import TrainConfig, add_lora, lora_state, train_lora

    progress(Progress("preparing", 0.0, "loading the base model"))
    tokenize, nl = llama_tokenizer(base_gguf)
    tokens = [tokenize_example(e, tokenize, nl) for e in person + replay]
    base_dir = prepare_base(base_gguf, base_dir_for(base_gguf, base_gguf.parent))
    rank, alpha = adapter_rank(current_adapter) if current_adapter is not None else (16, 32)
    cfg = TrainConfig(rank=rank, alpha=alpha, lr=1e-4, epochs=1, max_len=896, seed=seed, threads=threads,
                      max_seconds=max_minutes * 60)
    model = load_base(base_dir, bf16=True)  # stays well under 4 GiB on a laptop
    if current_adapter is not None:  # go on from what the current adapter knows
        model = add_lora(model, cfg)
        load_lora_from_gguf(model, current_adapter)

    def train_progress(p: Progress) -> None:
        progress(Progress("training", 0.05 + 0.75 * p.fraction, p.message))

    started = time.perf_counter()
    peft_model, stats = train_lora(model, tokens, cfg, progress=train_progress,
                                   cancel=cancel, pause=pause)
    report.train_seconds = time.perf_counter() - started
    report.peak_rss_mib = stats.peak_rss_mib
    with tempfile.TemporaryDirectory(prefix="coffer-teach-") as tmp:
        os.chmod(tmp, 0o700)
        out = write_lora_gguf(lora_state(peft_model), Path(tmp) / "personal.gguf", alpha=cfg.alpha,
                              name="coffer-personal-lora", metadata={"prompt_style": "coffer-fill-v1"})
        blob = out.read_bytes()
    del peft_model, model
    progress(Progress("testing", 0.85, f"A/B test on {len(held)} kept-aside documents"))
    from desktop_app.inference.llama_engine import LlamaCppEngine

    current = LlamaCppEngine(base_gguf, lora_path=current_adapter, max_threads=threads)
    try:
        report.before, report.model_before = score_pipeline(current, schemas, held)
    finally:
        current.close()
    if cancel is not None:
        cancel.raise_if_cancelled()
    with adapter_file(blob) as path:
        new = LlamaCppEngine(base_gguf, lora_path=path, max_threads=threads)
    try:
        report.after, report.model_after = score_pipeline(new, schemas, held)
    finally:
        new.close()
    wins = report.after > report.before or (report.after == report.before
                                             and report.model_after > report.model_before)
    report.kept = wins
    report.message = ("The new adapter did better on your kept-aside documents: it is now in use."
                      if wins else "The new adapter did not do better: the current one stays in use.")
    progress(Progress("done", 1.0, report.message))
    return report, (blob if wins else None)


def teach_personal_adapter(store, progress: ProgressCallback = no_progress,
                           cancel: CancelToken | None = None, *, pause=None, dry_run: bool = False,
                           max_minutes: float = 30.0, threads: int | None = None) -> TeachReport:
    """The "Teach Coffer" action: train, A/B-test and (if it wins) keep a personal adapter."""
    from desktop_app.inference.catalog import resolve_adapter, resolve_model
    from desktop_app.main import schemas as load_schemas
    from desktop_app.system.paths import app_paths

    docs = corrected_docs(store)
    base_gguf, info = resolve_model(app_paths().ensure().models)
    active = active_personal(store)
    schemas = load_schemas()
    if active is not None and not dry_run:
        from desktop_app.storage.blobs import get_blob

        blob = get_blob(store, active.name) or b""
        with adapter_file(blob) as path:
            report, new = teach_from_docs(docs, base_gguf=base_gguf, current_adapter=path,
                                          schemas=schemas, progress=progress, cancel=cancel,
                                          pause=pause, max_minutes=max_minutes, threads=threads)
    else:
        shipped = resolve_adapter(info)
        report, new = teach_from_docs(docs, base_gguf=base_gguf,
                                      current_adapter=shipped[0] if shipped else None, schemas=schemas,
                                      progress=progress, cancel=cancel, pause=pause, dry_run=dry_run,
                                      max_minutes=max_minutes, threads=threads)
    if new is not None:
        from desktop_app.storage.blobs import put_blob

        name = f"{PREFIX}{time.strftime('%Y%m%dT%H%M%S')}"
        put_blob(store, name, new, {"active": False, "kept": True, "base": info.key,
                                    "documents": report.train_documents, "before": report.before,
                                    "after": report.after})
        _set_active(store, name)
        report.name = name
    return report
