"""The desktop app end to end on the real service and a real vault: drop, read, correct, export."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from conftest import create_vault, drop, make_app
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLineEdit

from desktop_app.gui.dialogs import ExportRequest
from desktop_app.gui.vault_dialogs import UnlockDialog, strength


def _done(coffer: object, n: int) -> bool:
    rows = coffer.window.doc_model.rows  # type: ignore[attr-defined]
    return len(rows) >= n and all(r.state in ("done", "failed") for r in rows) and not coffer.controller.batches  # type: ignore[attr-defined]


def _row_of(coffer: object, name: str) -> int:
    rows = coffer.window.doc_model.rows  # type: ignore[attr-defined]
    return next(i for i, r in enumerate(rows) if r.name == name)


def _field_row(coffer: object, name: str) -> int:
    fields = coffer.window.fields.model.fields  # type: ignore[attr-defined]
    return next(i for i, f in enumerate(fields) if f.name == name)


def _select(qtbot: object, coffer: object, name: str) -> None:
    w = coffer.window  # type: ignore[attr-defined]
    w.doc_list.selectRow(_row_of(coffer, name))
    qtbot.waitUntil(lambda: w.fields.record is not None and w.fields.record.name == name, timeout=10000)  # type: ignore[attr-defined]


def test_drop_edit_export(qtbot, coffer, docs, tmp_path: Path) -> None:
    w, ctl = coffer.window, coffer.controller
    drop(w, [docs["receipt"], docs["invoice"]])
    assert w.batch.isVisible()
    qtbot.waitUntil(lambda: _done(coffer, 2), timeout=30000)
    assert not w.batch.isVisible()
    assert [r.state for r in w.doc_model.rows] == ["done", "done"]

    _select(qtbot, coffer, "coffee-receipt.txt")
    assert w.fields.kind.currentData() == "receipt"
    total = w.fields.model.fields[_field_row(coffer, "total")]
    assert total.value == "10.00" and total.grounded

    # edit in place through the typed editor, as a person would
    index = w.fields.model.index(_field_row(coffer, "total"), 1)
    w.fields.table.setCurrentIndex(index)
    w.fields.table.edit(index)
    editor = w.fields.table.findChild(QLineEdit)
    assert editor is not None and editor.validator() is not None  # amounts get a checked editor
    editor.selectAll()
    qtbot.keyClicks(editor, "11.50")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: w.fields.model.fields[_field_row(coffer, "total")].value == "11.50", timeout=10000)
    corrected = w.fields.model.fields[_field_row(coffer, "total")]
    assert corrected.source == "person"
    assert w.fields.model.data(w.fields.model.index(_field_row(coffer, "total"), 2)) == "corrected"

    # export through the dialog: the CSV on disk holds the corrected value
    ctl.export()
    dlg = ctl.export_dialog
    dest = tmp_path / "out" / "receipts.csv"
    dest.parent.mkdir()
    dlg.kind.setCurrentIndex(dlg.kind.findData("receipt"))
    dlg.dest.setText(str(dest))
    dlg.open_folder.setChecked(False)
    dlg.export_btn.click()
    qtbot.waitUntil(lambda: ctl.last_export == dest, timeout=10000)
    rows = list(csv.DictReader(dest.open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["total"] == "11.50"
    assert rows[0]["document_name"] == "coffee-receipt.txt"

    # the correction can be undone
    w.fields.table.selectRow(_field_row(coffer, "total"))
    w.act_undo.trigger()
    qtbot.waitUntil(lambda: w.fields.model.fields[_field_row(coffer, "total")].value == "10.00", timeout=10000)


def test_selected_field_is_highlighted_in_page_and_text(qtbot, coffer, docs) -> None:
    w = coffer.window
    drop(w, [docs["invoice"], docs["receipt"]])
    qtbot.waitUntil(lambda: _done(coffer, 2), timeout=30000)
    _select(qtbot, coffer, "northwind-invoice.pdf")
    view = w.document_view
    assert view.mode_label.text().startswith(("Text layout", "Page picture"))  # text layout until drawn
    row = next(i for i, f in enumerate(w.fields.model.fields) if f.raw and f.span)
    w.fields.table.selectRow(row)
    f = w.fields.model.fields[row]
    assert view.canvas.highlight is not None
    sel = view.text.extraSelections()
    assert len(sel) == 1 and sel[0].cursor.selectedText() == view.parsed.text[f.span[0]:f.span[1]]
    # a text file has no boxes: the span itself is highlighted on the laid-out page
    _select(qtbot, coffer, "coffee-receipt.txt")
    w.fields.table.selectRow(_field_row(coffer, "total"))
    assert view.canvas.highlight_span is not None
    assert view.canvas.grab().width() > 100


def test_hostile_files_show_an_error_and_the_app_keeps_working(qtbot, coffer, docs) -> None:
    w = coffer.window
    drop(w, [docs["empty"], docs["fake"]])
    qtbot.waitUntil(lambda: _done(coffer, 2), timeout=30000)
    states = {r.name: (r.state, r.message) for r in w.doc_model.rows}
    for name in ("empty.pdf", "not-really.pdf"):
        state, message = states[name]
        assert state == "failed" and message and "Traceback" not in message
    label = w.doc_model.data(w.doc_model.index(_row_of(coffer, "not-really.pdf"), 3))
    assert label.startswith("Failed: ")
    drop(w, [docs["receipt"]])
    qtbot.waitUntil(lambda: _done(coffer, 3), timeout=30000)
    assert states != {}
    assert w.doc_model.rows[_row_of(coffer, "coffee-receipt.txt")].state == "done"


def test_cancel_a_batch(qtbot, home, keychain, docs, tmp_path: Path) -> None:
    from desktop_app.main import build_service

    svc = build_service(paths=home, use_model=False)
    real = svc.reader

    class SlowReader:  # each file takes a while, so Cancel lands mid-batch
        def read(self, path, **kw):
            time.sleep(0.4)
            return real.read(path, **kw)

    svc.reader = SlowReader()
    gen = make_app(qtbot, home, keychain, service=svc)
    coffer = next(gen)
    create_vault(qtbot, coffer)
    w = coffer.window
    files = []
    for i in range(8):
        p = tmp_path / f"receipt-{i}.txt"
        p.write_text(docs["receipt"].read_text() + f"\nRef {i}\n")
        files.append(p)
    drop(w, files)
    qtbot.waitUntil(lambda: "of 8" in w.batch.label.text(), timeout=5000)
    qtbot.waitUntil(lambda: any(r.state != "queued" for r in w.doc_model.rows), timeout=5000)
    w.batch.cancel.click()
    qtbot.waitUntil(lambda: not coffer.controller.batches, timeout=20000)
    assert not w.batch.isVisible()
    stored = svc.store.list_documents()
    assert 0 < len(stored) < 8 or len(stored) < 8
    assert len(w.doc_model.rows) < 8
    assert "Cancelled" in w.statusBar().currentMessage()
    # and the app still reads the next drop
    drop(w, [docs["invoice"]])
    qtbot.waitUntil(lambda: any(r.name == "northwind-invoice.pdf" and r.state == "done"
                                for r in w.doc_model.rows), timeout=20000)
    next(gen, None)


def test_wrong_passphrase_shows_the_message(qtbot, home) -> None:
    gen = make_app(qtbot, home, None)
    first = next(gen)
    create_vault(qtbot, first, passphrase="correct horse battery staple")
    next(gen, None)
    first.window.close()

    gen = make_app(qtbot, home, None)
    coffer = next(gen)
    dlg = coffer.controller.gate.dialog
    assert isinstance(dlg, UnlockDialog)
    qtbot.keyClicks(dlg.secret, "wrong horse")
    dlg.unlock_btn.click()
    qtbot.waitUntil(lambda: "does not open" in dlg.error.text(), timeout=15000)
    assert "Caps Lock" in dlg.error.text() and "damaged" not in dlg.error.text()
    assert "vault locked" in coffer.window.state_label.text()
    dlg.secret.setText("correct horse battery staple")
    dlg.unlock_btn.click()
    qtbot.waitUntil(lambda: "vault unlocked" in coffer.window.state_label.text(), timeout=15000)
    next(gen, None)


def test_lock_clears_values_and_clipboard_then_keychain_unlocks(qtbot, coffer, docs) -> None:
    w, ctl = coffer.window, coffer.controller
    drop(w, [docs["receipt"]])
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=30000)
    _select(qtbot, coffer, "coffee-receipt.txt")
    w.fields.table.selectRow(_field_row(coffer, "total"))
    w.act_copy.trigger()
    assert QGuiApplication.clipboard().text() == "10.00"
    w.act_lock.trigger()
    assert QGuiApplication.clipboard().text() == ""
    assert w.fields.model.rowCount() == 0 and w.doc_model.rowCount() == 0
    assert w.document_view.text.toPlainText() == ""
    assert "vault locked" in w.state_label.text() and not w.act_add.isEnabled()
    w.hint.button.click()  # keychain mode: unlocks without asking
    qtbot.waitUntil(lambda: "vault unlocked" in w.state_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: w.doc_model.rowCount() == 1, timeout=10000)
    assert ctl.service.store is not None


def test_clipboard_is_cleared_after_the_delay(qtbot, coffer, docs) -> None:
    w, ctl = coffer.window, coffer.controller
    ctl.prefs.clipboard_seconds = 1
    drop(w, [docs["receipt"]])
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=30000)
    _select(qtbot, coffer, "coffee-receipt.txt")
    w.fields.table.selectRow(_field_row(coffer, "total"))
    w.act_copy.trigger()
    assert QGuiApplication.clipboard().text() == "10.00"
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3000)


def test_search_filter_kind_change_and_delete(qtbot, coffer, docs) -> None:
    w, ctl = coffer.window, coffer.controller
    drop(w, [docs["receipt"], docs["invoice"]])
    qtbot.waitUntil(lambda: _done(coffer, 2), timeout=30000)
    qtbot.keyClicks(w.search, "Northwind")
    qtbot.waitUntil(lambda: [r.name for r in w.doc_model.rows] == ["northwind-invoice.pdf"], timeout=10000)
    w.search.clear()
    w.kind_filter.setCurrentIndex(w.kind_filter.findData("receipt"))
    qtbot.waitUntil(lambda: [r.name for r in w.doc_model.rows] == ["coffee-receipt.txt"], timeout=10000)
    w.kind_filter.setCurrentIndex(0)
    qtbot.waitUntil(lambda: w.doc_model.rowCount() == 2, timeout=10000)

    _select(qtbot, coffer, "coffee-receipt.txt")
    ctl.change_kind("invoice")
    qtbot.waitUntil(lambda: w.fields.record is not None and w.fields.record.extraction is not None
                    and w.fields.record.extraction.kind == "invoice", timeout=20000)
    assert w.fields.kind.currentData() == "invoice"

    ctl.confirm_delete = lambda name: False
    w.act_delete.trigger()
    assert w.doc_model.rowCount() == 2
    ctl.confirm_delete = lambda name: True
    doc_id = w.fields.record.id
    w.act_delete.trigger()
    qtbot.waitUntil(lambda: w.doc_model.rowCount() == 1, timeout=10000)
    assert all(r.id != doc_id for r in ctl.service.store.list_documents())


def test_documents_show_as_plain_text(qtbot, coffer, tmp_path: Path) -> None:
    """N5: markup in a file name or text is shown as characters, never rendered or fetched."""
    w = coffer.window
    hostile = tmp_path / "<b>bold<b><img src=x>.txt"
    hostile.write_text('Receipt\n<img src="http://example.invalid/x.png"> <a href="http://x">click</a>\n'
                       "Total 5.00\nThank you\n")
    drop(w, [hostile])
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=30000)
    _select(qtbot, coffer, hostile.name)
    assert w.fields.title.textFormat() == Qt.TextFormat.PlainText
    assert w.fields.title.text() == hostile.name
    assert '<img src="http://example.invalid/x.png">' in w.document_view.text.toPlainText()


def test_drop_a_folder_and_duplicates_are_recognised(qtbot, coffer, docs) -> None:
    w = coffer.window
    drop(w, [docs["receipt"]])
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=30000)
    drop(w, [docs["receipt"].parent])  # the folder holds the same receipt and three more files
    qtbot.waitUntil(lambda: not coffer.controller.batches, timeout=30000)
    names = [r.name for r in w.doc_model.rows]
    assert names.count("coffee-receipt.txt") == 1 and "northwind-invoice.pdf" in names


def test_passphrase_strength_feedback() -> None:
    assert strength("short")[0] == 0
    assert strength("password123")[0] <= 1
    assert strength("correct horse battery staple")[0] >= 3


def test_export_request_with_dates_and_field_choice(qtbot, coffer, docs, tmp_path: Path) -> None:
    w, ctl = coffer.window, coffer.controller
    drop(w, [docs["invoice"]])
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=30000)
    dest = tmp_path / "inv.csv"
    ctl.run_export(ExportRequest("invoice", ["total"], "2000-01-01", "2099-12-31", dest,
                                 tmp_path / "inv-lists.csv", False))
    qtbot.waitUntil(lambda: ctl.last_export == dest, timeout=10000)
    header = dest.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == ["document_id", "document_name", "kind", "added_at", "total"]
    assert (tmp_path / "inv-lists.csv").exists()


@pytest.mark.model
def test_real_model_end_to_end(qtbot, home, keychain, docs) -> None:
    """The real Gemma 3 270M: model ready in the status bar, a dropped receipt read with it."""
    gen = make_app(qtbot, home, keychain, use_model=True)
    coffer = next(gen)
    create_vault(qtbot, coffer)
    w = coffer.window
    drop(w, [docs["receipt"]])
    qtbot.waitUntil(lambda: "model ready" in w.state_label.text(), timeout=60000)
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=60000)
    assert coffer.controller.service.engine_loaded
    _select(qtbot, coffer, "coffee-receipt.txt")
    fields = {f.name: f for f in w.fields.model.fields}
    assert fields["total"].value == "10.00"
    assert fields["company"].raw and "corner bean" in fields["company"].raw.lower()
    assert w.fields.summary.toPlainText()
    next(gen, None)


def test_open_with_coffer_adds_the_files_once_unlocked(qtbot, home, keychain, docs) -> None:
    """Files given on the command line ("Open with Coffer") wait for the vault, then are read."""
    from desktop_app.gui.app import CofferApp, make_application
    from desktop_app.main import build_service

    make_application()
    coffer = CofferApp(home, service=build_service(paths=home, use_model=False), keychain=keychain,
                       remember_geometry=False)
    qtbot.addWidget(coffer.window)
    coffer.open_files = [docs["receipt"]]
    coffer.show()
    coffer.start()
    create_vault(qtbot, coffer)
    qtbot.waitUntil(lambda: _done(coffer, 1), timeout=30000)
    assert [r.name for r in coffer.window.doc_model.rows] == ["coffee-receipt.txt"]
    coffer.controller.shutdown()
