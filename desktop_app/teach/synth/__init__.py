"""Deterministic generators of labelled finance and health documents in several layouts and languages."""
from __future__ import annotations

import json
import random
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from . import finance, health
from .common import CURRENCY, LANGS, Builder, SynthDoc, apply_noise, squash

Generator = Callable[[random.Random, str, str], tuple[Builder, dict[str, str], dict[str, list[dict[str, str]]]]]

GENERATORS: dict[str, Generator] = {
    "receipt": finance.receipt,
    "invoice": finance.invoice,
    "bank_statement": finance.bank_statement,
    "payslip": finance.payslip,
    "lab_report": health.lab_report,
    "prescription": health.prescription,
    "medical_summary": health.medical_summary,
}
# Layout families per kind. The last one of each is held out: never looked at while tuning the
# list readers, so the benchmark measures layouts the rules were not fitted to.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "receipt": ("supermarket", "kassenbon", "restaurant", "pharmacy"),
    "invoice": ("classic", "labelled", "positions", "timesheet"),
    "bank_statement": ("debit_credit", "signed", "two_dates", "no_balance"),
    "payslip": ("two_column", "vertical", "ytd", "rubriques"),
    "lab_report": ("table", "sections", "inline", "stacked"),
    "prescription": ("rx", "table", "numbered"),
    "medical_summary": ("structured", "letter", "soap"),
}
HELDOUT: dict[str, str] = {k: v[-1] for k, v in LAYOUTS.items()}
KINDS = tuple(GENERATORS)


def generate(kind: str, seed: int, *, lang: str | None = None, layout: str | None = None,
             noise: int | None = None, doc_id: str | None = None) -> SynthDoc:
    """One labelled document; the same arguments always give the same document."""
    if kind not in GENERATORS:
        raise ValueError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    rng = random.Random(f"{kind}:{seed}:{lang}:{layout}")
    lang = lang or rng.choice(LANGS)
    layout = layout or rng.choice(LAYOUTS[kind])
    if layout not in LAYOUTS[kind]:
        raise ValueError(f"unknown layout {layout!r} for {kind}; known: {', '.join(LAYOUTS[kind])}")
    if noise is None:
        noise = rng.choices([0, 1, 2], weights=[3, 5, 2])[0]
    builder, fields, lists = GENERATORS[kind](rng, lang, layout)
    text = apply_noise(builder, rng, lang, noise)
    code = fields.get("currency")
    if code and not re.search(rf"(?<![A-Za-z]){code}(?![A-Za-z])", text) and CURRENCY[lang][1] not in text:
        del fields["currency"]  # nothing on the page says which currency: no label to expect
    return SynthDoc(id=doc_id or f"{kind}-{lang}-{layout}-{seed}", kind=kind, lang=lang, layout=layout,
                    seed=seed, text=text, fields=fields, lists=lists)


def generate_set(kinds: Iterable[str], n: int, seed: int, *, langs: Iterable[str] = LANGS,
                 layouts: dict[str, Iterable[str]] | None = None, noise: int | None = None) -> list[SynthDoc]:
    """``n`` documents per kind, cycling through languages and layouts so each is represented."""
    langs = tuple(langs)
    out = []
    for kind in kinds:
        fams = tuple(layouts[kind]) if layouts and kind in layouts else LAYOUTS[kind]
        for i in range(n):
            lang = langs[i % len(langs)]
            layout = fams[(i // len(langs)) % len(fams)]
            out.append(generate(kind, seed * 100003 + i, lang=lang, layout=layout, noise=noise,
                                doc_id=f"{kind}_{i:04d}"))
    return out


def grounded_in(value: str, text: str) -> bool:
    """True when ``value`` is in ``text`` (whitespace-normalised), or a value wrapped over two lines
    of a table column: its head ends one line and its tail starts a later one."""
    v = squash(value)
    if v in squash(text):
        return True
    lines = [squash(ln) for ln in text.splitlines()]
    words = v.split()
    for k in range(1, len(words)):
        head, tail = " ".join(words[:k]), " ".join(words[k:])
        for i, ln in enumerate(lines):
            if head in ln and any(nxt.startswith(tail) for nxt in lines[i + 1 : i + 3]):
                return True
    return False


def ungrounded(doc: SynthDoc) -> list[str]:
    """Labels whose value is not in the document text; should be empty."""
    bad = [f"{k}={v!r}" for k, v in doc.fields.items() if k not in doc.derived and not grounded_in(v, doc.text)]
    for name, rows in doc.lists.items():
        for i, row in enumerate(rows):
            bad += [f"{name}[{i}].{k}={v!r}" for k, v in row.items()
                    if k not in doc.derived and not grounded_in(v, doc.text)]
    return bad


def write_set(out: Path, docs: list[SynthDoc]) -> Path:
    """``out/labels.jsonl`` plus ``out/text/<id>.txt``, the layout of shared/datasets/."""
    (out / "text").mkdir(parents=True, exist_ok=True)
    labels = out / "labels.jsonl"
    with labels.open("w", encoding="utf-8") as fh:
        for doc in docs:
            rel = f"text/{doc.id}.txt"
            (out / rel).write_text(doc.text, encoding="utf-8")
            fh.write(json.dumps(doc.label_record(rel), ensure_ascii=False) + "\n")
    return labels


__all__ = ["GENERATORS", "HELDOUT", "KINDS", "LANGS", "LAYOUTS", "SynthDoc", "generate", "generate_set",
           "grounded_in", "ungrounded", "write_set"]
