"""Shared checks of the blind document sets (tests/fixtures/*_blind*/): each set's labels were written
before Coffer read its documents; a test asserts every labelled field, row and check, except what
its module lists as not read (yet), so that a new miss fails and a fixed one is noticed."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from desktop_app.core.classify import classify
from desktop_app.core.entities import Extraction, ParsedDocument
from desktop_app.core.evaluation import ListScore, norm_text, score_list
from desktop_app.core.extraction import Extractor
from desktop_app.core.lists import lab_results, medications
from desktop_app.core.normalize import normalise_value
from desktop_app.core.schemas import SchemaSet, load_schemas
from desktop_app.core.service import DocumentService
from desktop_app.core.summary import grounded_summary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KEY = {"results": "test", "medications": "name"}  # the cell that names a health list's row


def load(name: str) -> tuple[Path, dict[str, dict]]:
    """The set's folder and its labels by document id."""
    folder = FIXTURES / name
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return folder, {d["id"]: d for d in (json.loads(x) for x in lines if x.strip())}


@cache
def schemas() -> SchemaSet:
    return load_schemas(FIXTURES.parents[1] / "resources" / "schemas")


def snippet_kind(text: str) -> str:
    """The kind the classifier gives a snippet."""
    return classify(text, schemas())[0]


def analysed_fields(service: DocumentService, text: str) -> dict[str, str | None]:
    """The kind and fields the service reads from a snippet (kind chosen by the classifier)."""
    ex = service.analyse(ParsedDocument.from_text(text))
    return {"kind": ex.kind, **{f.name: f.raw for f in ex.fields}}


def snippet_fields(text: str, kind: str) -> dict[str, str | None]:
    """The fields the rules read from a snippet of the given kind (a round's rule tests)."""
    ex = Extractor(None).extract(ParsedDocument.from_text(text), schemas()[kind])
    return {f.name: f.raw for f in ex.fields}


def lab_rows(text: str) -> list[tuple[str, str, str, str, str]]:
    """(test, value, unit, range, flag) of each lab result row the rules read from a snippet."""
    return [(r["test"].raw, r["value"].raw, r["unit"].raw if "unit" in r else "",
             r["reference_range"].raw if "reference_range" in r else "", r["flag"].value if "flag" in r else "normal")
            for r in lab_results(text)]


def med_rows(text: str) -> list[tuple[str, str, str]]:
    """(name, dose, frequency) of each medication row the rules read from a snippet."""
    return [(r["name"].raw, r["dose"].raw, r["frequency"].raw if "frequency" in r else "") for r in medications(text)]


def analyse(service: DocumentService, folder: Path, label: dict) -> tuple[str, Extraction]:
    text = (folder / label["text"]).read_text(encoding="utf-8")
    return text, service.analyse(ParsedDocument.from_text(text))


# -- health: fields as printed (whitespace aside), every row's cells, grounded spans and summary ------
def _health_cells(row) -> dict[str, str]:
    # (a cell as printed, whitespace aside: a table's "1   0   1   0" is the label's "1 0 1 0")
    cells = {c: (f.value if c == "flag" else " ".join((f.raw or "").split())) for c, f in row.items()}
    if "test" in cells:
        cells["flag"] = cells.get("flag") or "normal"  # no range and no flag printed: nothing abnormal
    return cells


def _printed_at(printed: str, raw: str) -> bool:
    """A cell is the text at its span; a cell wrapped onto the line under its row (a test's name,
    'Red Cell Distribution' / 'Width') spans from its first word to its last, its words in order."""
    if printed == raw:
        return True
    words, left = raw.split(), iter(printed.split())
    return "\n" in printed and printed.split()[0] == words[0] and printed.split()[-1] == words[-1] and \
        all(w in left for w in words)


def check_health(service: DocumentService, folder: Path, label: dict, *, not_read: set[str] = frozenset(),
                 rows_not_read: set[str] = frozenset(), extra_rows: set[str] = frozenset()) -> None:
    text, ex = analyse(service, folder, label)
    assert ex.kind == label["doc_type"]
    # a field labelled null must stay empty
    expected = {k: (" ".join(v.split()) if v is not None else None) for k, v in label["fields"].items()
                if k not in not_read}
    got = {k: (" ".join(ex.get(k).raw.split()) if ex.get(k) and ex.get(k).raw else None) for k in expected}
    assert got == expected
    for k in (k for k, v in expected.items() if v is not None):
        f = ex.get(k)
        assert f.grounded and text[f.span[0]:f.span[1]].split() == f.raw.split()
    for name, truth in label["lists"].items():
        key = KEY[name]
        truth = [t for t in truth if t[key] not in rows_not_read]
        rows = [_health_cells(r) for r in ex.lists.get(name, []) if r[key].raw not in extra_rows | rows_not_read]
        assert [{c: r.get(c, "") for c in t} for r, t in zip(rows, truth, strict=False)] == truth
        assert len(rows) == len(truth)
        for r in ex.lists.get(name, []):
            for f in r.values():
                if f.raw and f.span:
                    assert _printed_at(text[f.span[0]:f.span[1]], f.raw)
    assert ex.summary and grounded_summary(ex.summary, text) == []


# -- finance: fields right (as printed, or the same date / amount / IBAN / currency), rows, checks ---
def _right(kind: str, truth: str | None, pred: str) -> bool:
    if truth is None:
        return not pred  # nothing of the kind is printed: the field stays empty
    if norm_text(pred) == norm_text(truth):
        return True
    if kind in ("date", "money", "iban", "currency") and pred:
        return normalise_value(kind, pred) == normalise_value(kind, truth) is not None
    return False


def check_finance(service: DocumentService, folder: Path, label: dict, *, misses: set[str] = frozenset(),
                  rows: tuple[int, int] | None = None, checks: int = 0, kind: str | None = None) -> None:
    """``misses``: the fields known wrong; ``rows``: (rows matched, rows read) where not every
    labelled row is read; ``checks``: how many consistency checks are known to fail; ``kind``:
    the kind Coffer is known to give where it is not the labelled one."""
    _, ex = analyse(service, folder, label)
    assert ex.kind == (kind or label["doc_type"])
    wrong = {}
    for name, truth in label["fields"].items():
        f = ex.get(name)
        pred = f.raw if f is not None and f.raw else ""
        right = _right(f.type if f is not None else "text", truth, pred) or (
            f is not None and f.type == "currency" and bool(pred) and f.value == normalise_value("currency", truth))
        if not right:
            wrong[name] = (truth, pred)
    assert set(wrong) == set(misses), wrong
    for name, truth_rows in label["lists"].items():
        pred = [{c: f.raw or "" for c, f in row.items()} for row in ex.lists.get(name, [])]
        score = ListScore()
        score_list(score, name, truth_rows, pred)
        assert (score.matched_rows, score.predicted_rows) == (rows or (len(truth_rows), len(truth_rows))), pred
    assert len(ex.checks) == checks, ex.checks
