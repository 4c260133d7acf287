"""What the app leaves outside the vault: file dialog history, settings, geometry; auto-lock."""
from __future__ import annotations

from pathlib import Path

from conftest import drop
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QLabel, QLineEdit

from desktop_app.gui.dialogs import AboutDialog, SettingsDialog
from desktop_app.gui.file_dialogs import choose, keep_qt_settings_private, no_recent_dialog
from desktop_app.gui.prefs import Prefs


def test_file_dialog_leaves_no_folder_or_file_names(qtbot, tmp_path: Path, monkeypatch) -> None:
    """E12: Qt's own dialog (no recently-used.xbel) and its folder history wiped after use."""
    home = tmp_path / "user"
    (home / ".local" / "share").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    config = tmp_path / "coffer-config"
    config.mkdir()
    keep_qt_settings_private(config)
    doc = tmp_path / "oncology-folder" / "second-opinion-letter.pdf"
    doc.parent.mkdir()
    doc.write_bytes(b"%PDF-1.4\n")
    dlg = no_recent_dialog(None, "Add documents")
    assert dlg.testOption(QFileDialog.Option.DontUseNativeDialog)
    dlg.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dlg.setDirectory(str(doc.parent))

    def pick() -> None:
        dlg.findChild(QLineEdit, "fileNameEdit").setText(doc.name)
        dlg.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Open).click()

    QTimer.singleShot(300, pick)
    assert choose(dlg) == [doc]
    written = "".join(p.read_text(errors="replace") for p in config.rglob("*") if p.is_file())
    assert "oncology-folder" not in written and "second-opinion" not in written
    assert not list(home.rglob("recently-used.xbel"))


def test_settings_file_and_window_geometry_hold_no_document_names(qtbot, coffer, docs) -> None:
    w, ctl = coffer.window, coffer.controller
    drop(w, [docs["invoice"]])
    qtbot.waitUntil(lambda: not ctl.batches and w.doc_model.rowCount() == 1, timeout=30000)
    dlg = SettingsDialog(ctl.prefs, w)
    qtbot.addWidget(dlg)
    dlg.autolock.setValue(3)
    dlg.threads.setValue(2)
    prefs = dlg.prefs()
    prefs.save(ctl.paths.settings)
    assert Prefs.load(ctl.paths.settings).autolock_minutes == 3
    settings = QSettings(str(ctl.paths.config / "window.ini"), QSettings.Format.IniFormat)
    w.save_geometry(settings)
    settings.sync()
    for path in ctl.paths.config.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "northwind" not in text.lower() and "1440" not in text


def test_about_says_network_none_and_names_the_gemma_terms(qtbot) -> None:
    dlg = AboutDialog()
    qtbot.addWidget(dlg)
    texts = " ".join(label.text() for label in dlg.findChildren(QLabel))
    assert "Network: none" in texts and "Gemma Terms of Use" in texts


def test_idle_auto_lock_clears_the_screen(qtbot, coffer, docs) -> None:
    w, ctl = coffer.window, coffer.controller
    drop(w, [docs["receipt"]])
    qtbot.waitUntil(lambda: w.fields.record is not None and not ctl.busy(), timeout=30000)
    ctl.idle.idle.emit()  # as if the idle minutes had passed (it waits while a batch runs)
    assert "vault locked" in w.state_label.text()
    assert w.fields.model.rowCount() == 0 and w.doc_model.rowCount() == 0
    assert w.document_view.text.toPlainText() == ""
    assert w.statusBar().currentMessage() == ""
    QApplication.processEvents()


def test_document_list_tooltip_escapes_a_hostile_file_name() -> None:
    """N5: a failed file's reason names the file; Qt must not render that name as HTML."""
    from desktop_app.gui.models import DocRow, DocumentListModel
    from desktop_app.main import schemas

    model = DocumentListModel(schemas())
    name = '<img src="http://evil.example/p.png">.pdf'
    model.rows = [DocRow(name=name, state="failed", message=f"{name} is damaged.")]
    tip = model.data(model.index(0, 3), Qt.ItemDataRole.ToolTipRole)
    assert "<img" not in tip and "&lt;img" in tip
