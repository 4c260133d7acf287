"""Drives the real app under an X server (Xvfb) and saves PNGs of its main states.

Run: Xvfb :99 -screen 0 1440x900x24 &  DISPLAY=:99 python docs/screenshots/take_screenshots.py
Uses a throwaway COFFER_HOME and passphrase mode (no keychain under Xvfb).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ingestion"))
sys.path.insert(0, str(ROOT / "tests" / "gui"))
os.environ["COFFER_HOME"] = tempfile.mkdtemp(prefix="coffer-shots-")
os.environ.setdefault("COFFER_KDF_SECONDS", "0")
os.environ["QT_QPA_PLATFORM"] = "xcb"  # a real X window (Xvfb), not the offscreen plugin

from conftest import INVOICE_LINES, RECEIPT, drop  # noqa: E402
from makers import jpeg_bytes, scan_image  # noqa: E402
from pdfgen import text_pdf  # noqa: E402
from PySide6.QtCore import QRect  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop_app.gui.app import CofferApp, make_application  # noqa: E402
from desktop_app.gui.vault_dialogs import RecoveryKeyDialog, SetupDialog, UnlockDialog  # noqa: E402
from desktop_app.gui.vault_tools import ChangePassphraseDialog  # noqa: E402
from desktop_app.system import secrets as ks  # noqa: E402

PASS = "maple kettle orbit 42"
PHOTO_RECEIPT = ["GREEN GROCER MARKET", "8 Station Road, York YO1 7AA", "VAT No 987 6543 21",
                 "Bananas 1.20", "Oat milk 1.85", "Sourdough loaf 3.40", "Subtotal 6.45",
                 "TOTAL GBP 6.45", "Card 6.45", "22/05/2024 17:41", "Thank you!"]
LAB = """CITY HOSPITAL PATHOLOGY
Patient: Jordan Example   DOB: 12/03/1980
Collected: 05/06/2024
Test            Result   Units     Reference
Haemoglobin     13.9     g/dL      13.0-17.0
Ferritin        18       ug/L      30-400   L
HbA1c           41       mmol/mol  20-41
Comment: low ferritin; consider iron studies.
"""


def wait(cond, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not cond():
        QApplication.processEvents()
        time.sleep(0.02)
        if time.monotonic() > end:
            raise TimeoutError("the app did not get there in time")
    for _ in range(10):
        QApplication.processEvents()
        time.sleep(0.02)


def shot(widget: QWidget, name: str, rect: QRect | None = None) -> None:
    wait(lambda: True, 1)
    pix = widget.grab(rect) if rect is not None else widget.grab()
    pix.save(str(OUT / f"{name}.png"), "PNG")
    print("saved", name, pix.width(), "x", pix.height())


def main() -> None:
    app = make_application()
    papers = Path(tempfile.mkdtemp(prefix="coffer-papers-"))
    (papers / "corner-bean-receipt.txt").write_text(RECEIPT, encoding="utf-8")
    (papers / "northwind-invoice-april.pdf").write_bytes(text_pdf([INVOICE_LINES]))
    (papers / "blood-test-june.txt").write_text(LAB, encoding="utf-8")
    (papers / "scan-broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (papers / "market-receipt-photo.jpg").write_bytes(jpeg_bytes(scan_image(PHOTO_RECEIPT, size=34)))

    coffer = CofferApp(keychain=ks.Keychain(trusted=()), remember_geometry=False)
    coffer.window.resize(1360, 820)
    coffer.window.splitter.setSizes([430, 480, 450])  # a wider page for the pictures
    coffer.show()
    ctl = coffer.start()
    w = coffer.window
    wait(lambda: isinstance(ctl.gate.dialog, SetupDialog))
    setup = ctl.gate.dialog
    setup.pass1.setText(PASS)
    setup.pass2.setText(PASS[:-3])
    shot(setup, "01-first-run-passphrase")
    setup.pass2.setText(PASS)
    setup.create_btn.click()
    wait(lambda: isinstance(ctl.gate.dialog, RecoveryKeyDialog))
    shot(ctl.gate.dialog, "02-recovery-key")
    ctl.gate.dialog.confirm.setChecked(True)
    ctl.gate.dialog.buttons.accepted.emit()
    wait(lambda: "vault unlocked" in w.state_label.text() and "model ready" in w.state_label.text(), 60)
    shot(w, "03-empty-window-drop-hint")

    drop(w, sorted(papers.iterdir()))
    wait(lambda: any(r.state not in ("queued",) for r in w.doc_model.rows))
    shot(w, "04-batch-in-progress")
    wait(lambda: not ctl.batches, 120)
    row = next(i for i, r in enumerate(w.doc_model.rows) if r.name.startswith("northwind"))
    w.doc_list.selectRow(row)
    wait(lambda: w.fields.record is not None and w.fields.record.name.startswith("northwind"))
    fields = w.fields.model.fields
    pick = next((i for i, f in enumerate(fields) if f.name == "total" and f.raw), 0)
    w.fields.table.selectRow(pick)
    wait(lambda: w.document_view.canvas.image is not None)  # the real page, from the sandbox
    w.document_view.change_zoom(1)
    w.document_view.change_zoom(1)  # 156 %: the printed text readable in the picture
    w.fields.table.clearSelection()
    w.fields.table.selectRow(pick)  # scroll the highlight into view on the picture
    shot(w, "05-invoice-fields-and-highlight")
    w.document_view.change_zoom(-1)
    w.document_view.change_zoom(-1)

    row = next(i for i, r in enumerate(w.doc_model.rows) if r.name.startswith("blood"))
    w.doc_list.selectRow(row)
    wait(lambda: w.fields.record is not None and w.fields.record.name.startswith("blood"))
    w.document_view.setCurrentIndex(1)
    w.fields.table.selectRow(0)
    shot(w, "06-lab-report-text-view")
    w.document_view.setCurrentIndex(0)

    ctl.export()
    wait(lambda: ctl.export_dialog is not None and ctl.export_dialog.isVisible())
    ctl.export_dialog.dest.setText("~/Documents/coffer-export.csv")  # not this machine's home
    shot(ctl.export_dialog, "07-export-dialog")
    ctl.export_dialog.reject()

    w.act_lock.trigger()
    wait(lambda: "vault locked" in w.state_label.text())
    w.hint.button.click()
    wait(lambda: isinstance(ctl.gate.dialog, UnlockDialog) and ctl.gate.dialog.isVisible())
    dlg = ctl.gate.dialog
    dlg.secret.setText("maple kettle orbit 24")
    dlg.unlock_btn.click()
    wait(lambda: "does not open" in dlg.error.text())
    shot(dlg, "08-unlock-wrong-passphrase")
    shot(w, "09-locked-window")
    dlg.secret.setText(PASS)
    dlg.unlock_btn.click()
    wait(lambda: "vault unlocked" in w.state_label.text())
    wait(lambda: len(w.doc_model.rows) >= 4)

    row = next(i for i, r in enumerate(w.doc_model.rows) if r.name.startswith("market-receipt"))
    w.doc_list.selectRow(row)
    wait(lambda: w.fields.record is not None and w.fields.record.name.startswith("market-receipt"))
    wait(lambda: w.document_view.canvas.image is not None)
    fields = w.fields.model.fields
    pick = next((i for i, f in enumerate(fields) if f.name == "date" and f.raw), 0)
    w.fields.table.selectRow(pick)
    shot(w, "10-photo-page-picture")

    store = ctl.service.store
    receipt = next(r.record for r in w.doc_model.rows if r.name.startswith("corner-bean") and r.record)
    ctl.service.correct(receipt.id, "total", "10.00")  # one correction, so the dry run has one
    w.act_teach.trigger()
    wait(lambda: ctl.teach.dialog is not None and ctl.teach.dialog.report.toPlainText() != "")
    shot(ctl.teach.dialog, "11-teach-coffer")
    ctl.teach.dialog.hide()

    w.act_passphrase.trigger()
    wait(lambda: isinstance(ctl.tools.dialog, ChangePassphraseDialog) and ctl.tools.dialog.isVisible())
    ch = ctl.tools.dialog
    ch.current.setText(PASS)
    ch.new1.setText("juniper lantern tide 7")
    ch.new2.setText("juniper lantern tide")
    shot(ch, "12-change-passphrase")
    ch.reject()
    assert store is ctl.service.store
    ctl.shutdown()
    w.close()
    app.quit()


if __name__ == "__main__":
    main()
