"""Training examples for the extraction adapter, in exactly the prompt format the app uses.

An example is the prompt ``core.prompts.extraction_prompt`` builds (few-shot with the schema's
fixed examples, zero-shot, or with a "personal" example as the correction memory adds one),
followed by the answers as ``LlamaCppEngine.fill`` feeds and reads them: the engine writes
``key:`` (``\\nkey:`` after the first), the model writes `` value`` and ends the line. Only the
value tokens and the line ends are trained on.

Data comes only from the project's own generators (``teach.synth`` and ``teach.extra``),
deterministic by seed. Nothing here reads ``shared/datasets`` (research-only sets): the personal
adapter (``teach.personal``) gets the person's corrected documents from the vault instead.
"""
from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from desktop_app.core.prompts import document_window, extraction_prompt
from desktop_app.core.schemas import Example, Schema, SchemaSet

from .extra import generate_asian_receipt
from .receipts import generate_world_receipt
from .synth import HELDOUT, KINDS, LANGS, LAYOUTS, SynthDoc, generate

PROMPT_STYLE = "coffer-fill-v1"  # recorded in the manifest: prompts.extraction_prompt + engine.fill
VARIANTS = ("fewshot", "zeroshot", "personal")
DEFAULT_MIX = {"fewshot": 0.6, "zeroshot": 0.25, "personal": 0.15}

_WS = re.compile(r"\s+")


def flat(text: str) -> str:
    """The engine copies values from the document flattened to single spaces."""
    return _WS.sub(" ", text).strip()


@dataclass(frozen=True)
class TextExample:
    """One training example as text: ``prompt`` ends with ``Fields:\\n``; ``answers`` are the
    model fields' values in the schema's order."""

    id: str
    kind: str
    variant: str
    prompt: str
    keys: tuple[str, ...]
    answers: tuple[str, ...]
    lang: str = ""
    layout: str = ""


@dataclass
class TokenExample:
    id: str
    kind: str
    input_ids: list[int]
    labels: list[int]  # -100 where no loss
    meta: dict = field(default_factory=dict)

    @property
    def n_target(self) -> int:
        return sum(1 for t in self.labels if t != -100)


def targets_for(schema: Schema, doc_text: str, fields: dict[str, str]) -> tuple[str, ...] | None:
    """The answers a perfect model gives for ``doc_text``: each model field's label, which the
    engine can only produce if it is in the window (copied verbatim, whitespace flattened).
    None when a label is not in what the model sees (the example would teach it to invent)."""
    window = flat(document_window(doc_text, head_lines=schema.model_head_lines))
    out = []
    for key in schema.model_fields:
        value = flat(fields.get(key, ""))
        if value and value not in window:
            value = locate(value, window) or ""
            if not value:
                return None
        out.append(value)
    return tuple(out)


_LD = re.compile(r"[0-9A-Za-z]")


def locate(value: str, window: str) -> str | None:
    """The window's own text for a label whose punctuation or spacing differs from it (a
    person's typed correction, a label joining lines with commas): matched on letters and
    digits, returned as printed, so the engine can copy it."""
    chars = [(i, c.upper()) for i, c in enumerate(window) if _LD.match(c)]
    hay = "".join(c for _, c in chars)
    needle = "".join(c.upper() for c in value if _LD.match(c))
    if len(needle) < 2:
        return None
    at = hay.find(needle)
    if at < 0:
        return None
    return window[chars[at][0] : chars[at + len(needle) - 1][0] + 1]


def text_example(schema: Schema, doc_id: str, text: str, fields: dict[str, str], variant: str,
                 personal: tuple[Example, ...] = (), lang: str = "", layout: str = "") -> TextExample | None:
    answers = targets_for(schema, text, fields)
    if answers is None or not any(answers):
        return None
    keys = schema.model_fields
    if variant == "zeroshot":
        prompt = extraction_prompt(replace(schema, examples=()), text, keys)
    elif variant == "personal":
        prompt = extraction_prompt(schema, text, keys, personal)
    else:
        prompt = extraction_prompt(schema, text, keys)
    return TextExample(doc_id, schema.kind, variant, prompt, keys, answers, lang, layout)


def training_docs(n_per_kind: int, seed: int, *, kinds: Sequence[str] = KINDS,
                  include_heldout: bool = False, asian_receipts: int | None = None,
                  world_receipts: int = 0) -> list[SynthDoc]:
    """Generated documents for training, cycling through languages and layouts. The benchmark's
    held-out layout of each kind is left out unless asked for. ``asian_receipts`` (default: as
    many as ``n_per_kind``) and ``world_receipts`` add till receipts from ``teach.extra`` and
    ``teach.receipts``."""
    docs: list[SynthDoc] = []
    for kind in kinds:
        fams = [f for f in LAYOUTS[kind] if include_heldout or f != HELDOUT[kind]]
        for i in range(n_per_kind):
            lang = LANGS[i % len(LANGS)]
            layout = fams[(i // len(LANGS)) % len(fams)]
            docs.append(generate(kind, seed * 1_000_003 + i, lang=lang, layout=layout,
                                 doc_id=f"train-{kind}-{i:04d}"))
    if "receipt" in kinds:
        for i in range(n_per_kind if asian_receipts is None else asian_receipts):
            docs.append(generate_asian_receipt(seed * 1_000_003 + i))
        for i in range(world_receipts):
            docs.append(generate_world_receipt(seed * 1_000_003 + i))
    return docs


def build_text_examples(schemas: SchemaSet, docs: Iterable[SynthDoc], seed: int,
                        mix: dict[str, float] | None = None) -> list[TextExample]:
    """One example per document, its prompt variant drawn by seed. A personal example is another
    document of the same kind and layout, as the correction memory would pick."""
    mix = mix or DEFAULT_MIX
    rng = random.Random(f"variants:{seed}")
    docs = list(docs)
    by_group: dict[tuple[str, str], list[SynthDoc]] = {}
    for d in docs:
        by_group.setdefault((d.kind, d.layout), []).append(d)
    out: list[TextExample] = []
    names, weights = list(mix), [mix[k] for k in mix]
    for d in docs:
        schema = schemas[d.kind]
        variant = rng.choices(names, weights)[0]
        personal: tuple[Example, ...] = ()
        if variant == "personal":
            peers = [p for p in by_group[(d.kind, d.layout)] if p.id != d.id]
            if not peers:
                variant = "fewshot"
            else:
                p = rng.choice(peers)
                personal = (Example(p.text, {k: flat(p.fields.get(k, "")) for k in schema.model_fields}),)
        ex = text_example(schema, d.id, d.text, d.fields, variant, personal, d.lang, d.layout)
        if ex is not None:
            out.append(ex)
    return out


# -- tokens ------------------------------------------------------------------------------------
Tokenize = Callable[[str, bool], list[int]]  # (text, add_bos) -> ids, as the engine tokenizes


def tokenize_example(ex: TextExample, tokenize: Tokenize, newline_id: int) -> TokenExample:
    """The token sequence ``LlamaCppEngine.fill`` builds: prompt with BOS, then per key the head
    ``key:`` (``\\nkey:`` after the first) tokenised on its own, then the value. Loss on the
    value tokens and on the token that ends each line."""
    ids = list(tokenize(ex.prompt, True))
    labels = [-100] * len(ids)
    for i, (key, value) in enumerate(zip(ex.keys, ex.answers, strict=True)):
        head = tokenize(("\n" if i else "") + f"{key}:", False)
        if i:
            if head and head[0] == newline_id:
                ids.append(head[0])
                labels.append(newline_id)  # ending the previous value
                head = head[1:]
            else:
                ids.append(newline_id)
                labels.append(newline_id)
        ids += head
        labels += [-100] * len(head)
        if value:
            v = tokenize(" " + value, False)
            ids += v
            labels += v
    ids.append(newline_id)
    labels.append(newline_id)
    return TokenExample(ex.id, ex.kind, ids, labels,
                        {"variant": ex.variant, "lang": ex.lang, "layout": ex.layout})


def llama_tokenizer(model_path) -> tuple[Tokenize, int]:
    """llama.cpp's own tokenizer for the base GGUF (through the app's engine, the only
    llama_cpp importer): training tokens are then exactly the engine's."""
    from pathlib import Path

    from desktop_app.inference.llama_engine import LlamaCppEngine

    engine = LlamaCppEngine(Path(model_path), n_ctx=256, max_threads=1, adaptive_threads=False)

    def tokenize(text: str, add_bos: bool) -> list[int]:
        return engine._tokenize(text, add_bos=add_bos)

    nl = tokenize("\n", False)
    if len(nl) != 1:
        raise RuntimeError("the tokenizer has no single newline token")
    return tokenize, nl[0]
