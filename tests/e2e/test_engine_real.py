"""The real Gemma 3 270M through llama.cpp: verbatim copying, prefix reuse, cancellation."""
from __future__ import annotations

import pytest

from desktop_app.core.errors import Cancelled
from desktop_app.core.jobs import CancelToken

pytestmark = pytest.mark.model

PREFIX = ("Receipt:\nGREEN LEAF CAFE\n12 Market Street\nTotal 9.50\nFields:\ncompany: GREEN LEAF CAFE\n"
          "total: 9.50\n###\n")
DOC = "BLUE RIVER BAKERY\n3 Mill Lane\nBread 2.40\nTotal 4.80\n"


def test_values_are_copied_verbatim_from_the_document(engine) -> None:
    out = engine.fill(PREFIX + f"Receipt:\n{DOC}Fields:\n", ["company", "total"], copy_from=DOC)
    company, prob = out["company"]
    assert company and " ".join(company.split()) in " ".join(DOC.split())
    assert 0.0 < prob <= 1.0
    total, _ = out["total"]
    assert total in DOC


def test_fixed_prefix_kv_cache_is_reused(engine) -> None:
    engine.fill(PREFIX + f"Receipt:\n{DOC}Fields:\n", ["company"])
    other = "RED HILL PHARMACY\n8 Hill Road\nTotal 12.00\n"
    engine.fill(PREFIX + f"Receipt:\n{other}Fields:\n", ["company"])
    stats = engine.last_stats
    assert stats["cached_tokens"] >= engine.count_tokens(PREFIX) - 2
    assert stats["cached_tokens"] < stats["prompt_tokens"]  # the document itself is never reused


def test_greedy_decoding_is_deterministic(engine) -> None:
    a = engine.complete(PREFIX + f"Receipt:\n{DOC}Fields:\ncompany:", max_tokens=12, stop=["\n"])
    b = engine.complete(PREFIX + f"Receipt:\n{DOC}Fields:\ncompany:", max_tokens=12, stop=["\n"])
    assert a.text == b.text and a.completion_tokens > 0 and a.mean_logprob is not None


def test_cancel_between_tokens(engine) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        engine.complete(PREFIX + "Receipt:\n" + DOC, max_tokens=50, cancel=token)
