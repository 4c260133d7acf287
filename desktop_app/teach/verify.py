"""Check an exported adapter: llama.cpp with base + adapter gives the same greedy answers as the
PyTorch model it was exported from, on a few examples, both decoded the way ``fill`` decodes."""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .dataset import TextExample, Tokenize


def torch_fill(model, tokenize: Tokenize, newline_id: int, eos_id: int, ex: TextExample,
               max_value_tokens: int = 40, detok=None) -> dict[str, str]:
    """Greedy ``key: value`` completion with the PyTorch model, token for token as
    ``LlamaCppEngine.fill`` does without ``copy_from``."""
    import torch

    ids = list(tokenize(ex.prompt, True))
    out: dict[str, str] = {}
    with torch.no_grad():
        for i, key in enumerate(ex.keys):
            ids += tokenize(("\n" if i else "") + f"{key}:", False)
            value_ids: list[int] = []
            for _ in range(max_value_tokens):
                logits = model(input_ids=torch.tensor([ids]), use_cache=False).logits[0, -1]
                tok = int(torch.argmax(logits))
                if tok == eos_id:
                    break
                piece = detok([tok])
                if "\n" in piece:
                    value_ids.append(tok)
                    break
                value_ids.append(tok)
                ids.append(tok)
            text = detok(value_ids).split("\n", 1)[0]
            out[key] = text.strip()
    return out


def compare(base_gguf: Path, adapter_gguf: Path, torch_model, examples: Sequence[TextExample],
            max_value_tokens: int = 24) -> list[dict]:
    """Per example: llama.cpp's and PyTorch's answers and whether they agree."""
    from desktop_app.inference.llama_engine import LlamaCppEngine

    engine = LlamaCppEngine(base_gguf, lora_path=adapter_gguf, n_ctx=2048, adaptive_threads=False,
                            max_threads=1)

    def tokenize(text: str, add_bos: bool) -> list[int]:
        return engine._tokenize(text, add_bos=add_bos)

    def detok(ids: list[int]) -> str:
        return "".join(engine._piece(t) for t in ids)

    nl = tokenize("\n", False)[0]
    rows = []
    try:
        for ex in examples:
            cpp = engine.fill(ex.prompt, ex.keys, max_value_tokens=max_value_tokens)
            tch = torch_fill(torch_model, tokenize, nl, engine._eos, ex, max_value_tokens, detok)
            cpp_v = {k: v for k, (v, _p) in cpp.items()}
            rows.append({"id": ex.id, "llama_cpp": cpp_v, "torch": tch, "agree": cpp_v == tch,
                         "truth": dict(zip(ex.keys, ex.answers, strict=True))})
    finally:
        engine.close()
    return rows
