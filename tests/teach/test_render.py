"""Renderings of generated documents: the PDF text layer reads back as the document text."""
from __future__ import annotations

from desktop_app.teach.synth import generate
from desktop_app.teach.synth.common import squash
from desktop_app.teach.synth.render import to_pdf, to_png


def test_pdf_text_layer_reads_back(tmp_path):
    from desktop_app.ingestion.reader import read_document

    doc = generate("invoice", 4, lang="de", layout="classic", noise=0)
    parsed = read_document(to_pdf(doc.text, tmp_path / "x.pdf"))
    assert squash(parsed.text) == squash(doc.text)
    assert parsed.page_count == 1


def test_png_is_an_image(tmp_path):
    from PIL import Image

    doc = generate("lab_report", 2, lang="fr", layout="table")
    path = to_png(doc.text, tmp_path / "x.png", seed=2)
    with Image.open(path) as img:
        assert img.size[0] > 500 and img.size[1] > 300


def test_cli_render_adds_paths(tmp_path):
    import json

    from desktop_app.cli import run

    assert run(["synth", str(tmp_path), "--kinds", "payslip", "--n", "1", "--render", "pdf"]) == 0
    rec = json.loads((tmp_path / "labels.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (tmp_path / rec["pdf"]).is_file()


def test_pdf_with_cells_placed_by_position_reads_back_in_columns(tmp_path):
    """The PDF writers' way (each cell placed on its own, proportional font): the reader finds
    the columns again from the positions."""
    from desktop_app.ingestion.reader import read_document
    from desktop_app.teach.synth.render import to_pdf

    text = "Date        Details              Paid out    Balance\n01 Mar      DD THAMES WATER         38.50    1,443.69\n"
    doc = read_document(to_pdf(text, tmp_path / "cells.pdf", cells=True))
    head, row = doc.text.split("\n")[:2]
    assert "Details   " in head and "WATER   " in row
    assert abs(row.index("38.50") - head.index("Paid out")) <= 3


def test_pdf_of_letters_winansi_lacks_reads_back_through_its_embedded_font(tmp_path):
    """Czech, Turkish, Greek, Japanese and the naira sign, as PDF writers print them: an embedded
    TrueType font with a ToUnicode map (the Courier path would print them as '?')."""
    import pytest

    from desktop_app.ingestion.reader import read_document
    from desktop_app.teach.synth import render

    if render._font_file() is None:
        pytest.skip("no DejaVu Sans Mono on this machine")
    text = "Tomáš Dvořák   Částka   1 234,50 Kč\nYILDIZ GIDA A.Ş.   İSTANBUL\n株式会社ミナト精機   ₦ 5,000.00\nΕΛΛΗΝΙΚΑ   ελληνικά\n"
    for cells in (False, True):
        parsed = read_document(render.to_pdf(text, tmp_path / f"u{cells}.pdf", cells=cells))
        assert squash(parsed.text) == squash(text)
        assert "?" not in parsed.text
