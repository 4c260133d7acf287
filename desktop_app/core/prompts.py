"""Few-shot prompts for the base model: the fixed part first, so its KV cache is reused."""
from __future__ import annotations

from .schemas import Example, Schema

SEPARATOR = "###\n"
MAX_DOC_CHARS = 2400  # ~700 tokens: a 270M model reads a receipt's worth of text well, not a book


def document_window(text: str, max_chars: int = MAX_DOC_CHARS, head_lines: int = 0) -> str:
    """The part of the document the model sees: all of it when short, else head and tail
    (issuers, names and dates sit at the top; totals at the bottom). With ``head_lines``, only
    the top: the schema asks the model only for what is printed there."""
    lines = [ln.rstrip() for ln in text.splitlines() if ln.strip()]
    if head_lines:
        lines = lines[:head_lines]
    joined = "\n".join(lines)
    if len(joined) <= max_chars:
        return joined
    head = joined[: int(max_chars * 0.7)]
    tail = joined[-int(max_chars * 0.3) :]
    return head.rsplit("\n", 1)[0] + "\n...\n" + tail.split("\n", 1)[-1]


def render_example(schema: Schema, example: Example, keys: tuple[str, ...]) -> str:
    answer = "".join(f"{k}: {example.fields.get(k, '')}\n" for k in keys)
    window = document_window(example.text, head_lines=schema.model_head_lines)
    return f"{schema.title}:\n{window}\nFields:\n{answer}{SEPARATOR}"


def extraction_prompt(
    schema: Schema, document: str, keys: tuple[str, ...], examples: tuple[Example, ...] = ()
) -> str:
    """Examples (fixed, cached), then personal examples from corrections, then the document.
    The caller writes each ``key:`` and the model completes the value."""
    fixed = "".join(render_example(schema, ex, keys) for ex in schema.examples)
    personal = "".join(render_example(schema, ex, keys) for ex in examples)
    window = document_window(document, head_lines=schema.model_head_lines)
    return f"{fixed}{personal}{schema.title}:\n{window}\nFields:\n"
