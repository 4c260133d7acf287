"""Training for real (slow: run with `make test-slow`): a few LoRA steps on generated examples,
exported to GGUF, loaded by llama.cpp, and greedy answers compared with PyTorch."""
from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def base_dir(model_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("transformers")
    from desktop_app.teach.base import prepare_base

    return prepare_base(model_path, tmp_path_factory.mktemp("teach-base"))


def test_a_few_steps_train_export_and_agree(model_path: Path, base_dir: Path, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    pytest.importorskip("peft")
    pytest.importorskip("gguf")
    from desktop_app.core.jobs import CancelToken
    from desktop_app.main import schemas
    from desktop_app.teach.base import load_base
    from desktop_app.teach.dataset import (
        build_text_examples,
        llama_tokenizer,
        tokenize_example,
        training_docs,
    )
    from desktop_app.teach.export import write_lora_gguf
    from desktop_app.teach.train import TrainConfig, lora_state, train_lora
    from desktop_app.teach.verify import compare

    texts = build_text_examples(schemas(), training_docs(1, 3, kinds=("receipt", "payslip")), 3)
    tok, nl = llama_tokenizer(model_path)
    examples = [tokenize_example(e, tok, nl) for e in texts][:4]
    base = load_base(base_dir)
    seen = []
    model, stats = train_lora(base, examples, TrainConfig(threads=1, warmup=1, max_len=1024),
                              progress=seen.append, cancel=CancelToken())
    assert stats.steps == len(examples) and all(x == x for x in stats.losses)
    assert seen and seen[-1].fraction == 1.0
    out = write_lora_gguf(lora_state(model), tmp_path / "a.gguf", alpha=32)
    assert out.stat().st_size > 1_000_000
    rows = compare(model_path, out, model.merge_and_unload(), texts[:2], max_value_tokens=8)
    assert sum(r["agree"] for r in rows) >= 1


def test_cancel_stops_training(base_dir: Path) -> None:
    pytest.importorskip("peft")
    from desktop_app.core.errors import Cancelled
    from desktop_app.core.jobs import CancelToken
    from desktop_app.teach.base import load_base
    from desktop_app.teach.dataset import TokenExample
    from desktop_app.teach.train import TrainConfig, train_lora

    cancel = CancelToken()
    cancel.cancel()
    base = load_base(base_dir)
    ex = TokenExample("x", "receipt", [2, 100, 200, 300], [-100, -100, 200, 300])
    with pytest.raises(Cancelled):
        train_lora(base, [ex], TrainConfig(threads=1), cancel=cancel)
