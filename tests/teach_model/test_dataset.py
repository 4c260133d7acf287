"""The training data: deterministic, in exactly the app's prompt format, never from research sets."""
from __future__ import annotations

import ast
import builtins
import io
import os
from dataclasses import replace
from pathlib import Path

import pytest

from desktop_app.core.prompts import extraction_prompt
from desktop_app.core.schemas import Example
from desktop_app.main import schemas as load_schemas
from desktop_app.teach import dataset
from desktop_app.teach.dataset import (
    build_text_examples,
    flat,
    targets_for,
    text_example,
    tokenize_example,
    training_docs,
)
from desktop_app.teach.synth import HELDOUT, KINDS

TEACH = Path(dataset.__file__).resolve().parent


@pytest.fixture(scope="module")
def schemas():
    return load_schemas()


def test_documents_and_examples_are_deterministic(schemas) -> None:
    a = build_text_examples(schemas, training_docs(6, 3), 3)
    b = build_text_examples(schemas, training_docs(6, 3), 3)
    assert a == b
    c = build_text_examples(schemas, training_docs(6, 4), 4)
    assert [e.prompt for e in a] != [e.prompt for e in c]


def test_all_kinds_languages_variants_and_no_heldout_layout(schemas) -> None:
    docs = training_docs(12, 1)
    assert {d.kind for d in docs} == set(KINDS)
    assert {d.lang for d in docs} >= {"en", "de", "fr"}
    assert not [d for d in docs if d.layout == HELDOUT[d.kind]]
    ex = build_text_examples(schemas, docs, 1)
    assert {e.kind for e in ex} == set(KINDS)
    assert {e.variant for e in ex} == {"fewshot", "zeroshot", "personal"}
    assert len(ex) >= 0.9 * len(docs)


def test_prompts_are_the_apps_prompts(schemas) -> None:
    docs = training_docs(4, 2)
    for d in docs:
        s = schemas[d.kind]
        few = text_example(s, d.id, d.text, d.fields, "fewshot")
        if few is None:
            continue
        assert few.prompt == extraction_prompt(s, d.text, s.model_fields)
        zero = text_example(s, d.id, d.text, d.fields, "zeroshot")
        assert zero.prompt == extraction_prompt(replace(s, examples=()), d.text, s.model_fields)
        assert zero.prompt.endswith("\nFields:\n") and "###" not in zero.prompt
        mine = (Example(docs[0].text, {"x": "y"}),)
        pers = text_example(s, d.id, d.text, d.fields, "personal", mine)
        assert pers.prompt == extraction_prompt(s, d.text, s.model_fields, mine)
        assert few.keys == s.model_fields


def test_targets_are_copyable_from_what_the_model_sees(schemas) -> None:
    from desktop_app.core.prompts import document_window

    for e, d in zip(*_pairs(schemas), strict=True):
        window = flat(document_window(d.text, head_lines=schemas[d.kind].model_head_lines))
        for v in e.answers:
            assert v in window
    s = schemas["receipt"]
    assert targets_for(s, "SHOP A\n1 Road\n", {"company": "SHOP B", "address": "1 Road"}) is None


def _pairs(schemas):
    docs = {d.id: d for d in training_docs(5, 9)}
    ex = build_text_examples(schemas, docs.values(), 9)
    return ex, [docs[e.id] for e in ex]


def test_tokens_follow_the_engine_fill_order(schemas) -> None:
    """Character tokenizer: the sequence decodes to prompt + 'key: value' lines, and exactly the
    values and the line ends carry a label."""
    ex = build_text_examples(schemas, training_docs(2, 5), 5)[0]
    nl = ord("\n")

    def tok(text: str, bos: bool) -> list[int]:
        return ([1] if bos else []) + [ord(c) for c in text]

    t = tokenize_example(ex, tok, nl)
    text = "".join(chr(i) for i in t.input_ids[1:])
    answer = "".join(f"{k}: {v}\n" if v else f"{k}:\n" for k, v in zip(ex.keys, ex.answers, strict=True))
    assert text == ex.prompt + answer
    labelled = "".join(chr(i) for i, lab in zip(t.input_ids, t.labels, strict=True) if lab != -100)
    assert labelled == "".join((f" {v}" if v else "") + "\n" for v in ex.answers)
    assert all(lab in (-100, i) for i, lab in zip(t.input_ids, t.labels, strict=True))


def test_real_tokenizer_matches_the_engine(model_path, schemas) -> None:
    from desktop_app.inference.llama_engine import LlamaCppEngine

    tok, nl = dataset.llama_tokenizer(model_path)
    ex = build_text_examples(schemas, training_docs(2, 5), 5)[0]
    t = tokenize_example(ex, tok, nl)
    eng = LlamaCppEngine(model_path, n_ctx=256, max_threads=1, adaptive_threads=False)
    try:
        prompt_ids = eng._tokenize(ex.prompt, add_bos=True)
        assert t.input_ids[: len(prompt_ids)] == prompt_ids
        assert eng._tokenize(ex.keys[0] + ":") == t.input_ids[len(prompt_ids):len(prompt_ids) + len(eng._tokenize(ex.keys[0] + ":"))]
        value = eng._tokenize(" " + ex.answers[0])
        labelled = [i for i, lab in zip(t.input_ids, t.labels, strict=True) if lab != -100]
        assert labelled[: len(value)] == value and labelled[len(value)] == nl
    finally:
        eng.close()


def test_training_data_code_never_reads_research_sets(schemas, monkeypatch) -> None:
    opened: list[str] = []
    real_open, real_io_open = builtins.open, io.open

    def spy(file, *a, **k):
        opened.append(os.fspath(file) if isinstance(file, (str, os.PathLike)) else str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    ex = build_text_examples(schemas, training_docs(8, 11), 11)
    assert ex
    bad = [p for p in opened if any(w in p.lower() for w in ("sroie", "mtsamples", "datasets"))]
    assert not bad, bad
    monkeypatch.setattr(builtins, "open", real_open)
    monkeypatch.setattr(io, "open", real_io_open)


def test_training_modules_name_no_research_set() -> None:
    """No string in the training code (docstrings aside) points at a research-only set."""
    for path in sorted(TEACH.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                low = node.value.lower()
                assert "sroie" not in low and "mtsamples" not in low and "shared/datasets" not in low, path.name


def test_labels_are_mapped_to_the_printed_text() -> None:
    from desktop_app.teach.dataset import locate

    window = flat("GREEN SHOP\nNO. 8, JALAN MAWAR 2\nTAMAN BUKIT INDAH, 81200 JOHOR\nTOTAL 3.00")
    assert locate("NO 8 JALAN MAWAR 2, TAMAN BUKIT INDAH", window) == "NO. 8, JALAN MAWAR 2 TAMAN BUKIT INDAH"
    assert locate("ELSEWHERE", window) is None
