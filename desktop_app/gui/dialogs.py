"""Export, Settings and About dialogs."""
from __future__ import annotations

import importlib.metadata
import platform
from dataclasses import dataclass
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QDate, Qt, qVersion
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.schemas import SchemaSet

from .file_dialogs import choose, no_recent_dialog
from .prefs import LANGUAGES, Prefs


@dataclass
class ExportRequest:
    kind: str
    fields: list[str]
    date_from: str | None
    date_to: str | None
    dest: Path
    lists_dest: Path | None
    open_folder: bool


class ExportDialog(QDialog):
    """Kind, fields, date range, file; the controller does the writing."""

    def __init__(self, schemas: SchemaSet, kinds_present: list[str], default_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schemas = schemas
        self.setWindowTitle("Export to CSV")
        self.setMinimumWidth(460)
        form = QFormLayout()
        self.kind = QComboBox()
        self.kind.setAccessibleName("Kind to export")
        for k in kinds_present or schemas.kinds():
            self.kind.addItem(schemas[k].title if k in schemas else "Other", k)
        self.kind.currentIndexChanged.connect(self._fill_fields)
        form.addRow("Kind:", self.kind)
        self.fields = QListWidget()
        self.fields.setAccessibleName("Fields to export")
        self.fields.setMaximumHeight(180)
        form.addRow("Fields:", self.fields)
        dates = QHBoxLayout()
        self.all_dates = QCheckBox("All dates")
        self.all_dates.setChecked(True)
        self.date_from = QDateEdit(QDate.currentDate().addYears(-1))
        self.date_to = QDateEdit(QDate.currentDate())
        for d in (self.date_from, self.date_to):
            d.setCalendarPopup(True)
            d.setDisplayFormat("yyyy-MM-dd")
            d.setEnabled(False)
        self.date_from.setAccessibleName("From date")
        self.date_to.setAccessibleName("To date")
        self.all_dates.toggled.connect(lambda on: (self.date_from.setEnabled(not on),
                                                   self.date_to.setEnabled(not on)))
        dates.addWidget(self.all_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.date_to)
        form.addRow("Dates:", dates)
        file_row = QHBoxLayout()
        self.dest = QLineEdit(str(default_dir / "coffer-export.csv"))
        self.dest.setAccessibleName("CSV file")
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._on_browse_clicked)
        file_row.addWidget(self.dest, 1)
        file_row.addWidget(browse)
        form.addRow("File:", file_row)
        self.with_lists = QCheckBox("Also write line items / results to a second file (…-lists.csv)")
        form.addRow("", self.with_lists)
        self.open_folder = QCheckBox("Open the folder afterwards")
        self.open_folder.setChecked(True)
        form.addRow("", self.open_folder)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_btn = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._on_export)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self._fill_fields()

    def _fill_fields(self) -> None:
        self.fields.clear()
        kind = self.kind.currentData()
        if kind not in self.schemas:
            return
        for spec in self.schemas[kind].fields:
            item = QListWidgetItem(spec.label)
            item.setData(Qt.ItemDataRole.UserRole, spec.name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.fields.addItem(item)

    def _on_browse_clicked(self) -> None:
        dlg = no_recent_dialog(self, "Export to")
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setNameFilter("CSV files (*.csv)")
        dlg.setDefaultSuffix("csv")
        dlg.selectFile(self.dest.text())
        chosen = choose(dlg)
        if chosen:
            self.dest.setText(str(chosen[0]))

    def _on_export(self) -> None:
        dest = Path(self.dest.text().strip()).expanduser()
        if not self.dest.text().strip() or not dest.parent.is_dir():
            self.error.setText("Choose a file in a folder that exists.")
            return
        self.accept()

    def request(self) -> ExportRequest:
        dest = Path(self.dest.text().strip()).expanduser()
        if dest.suffix.lower() != ".csv":
            dest = dest.with_name(dest.name + ".csv")
        chosen = [self.fields.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.fields.count())
                  if self.fields.item(i).checkState() == Qt.CheckState.Checked]
        dated = not self.all_dates.isChecked()
        return ExportRequest(
            kind=str(self.kind.currentData()), fields=chosen,
            date_from=self.date_from.date().toString("yyyy-MM-dd") if dated else None,
            date_to=self.date_to.date().toString("yyyy-MM-dd") if dated else None,
            dest=dest, lists_dest=dest.with_name(dest.stem + "-lists.csv") if self.with_lists.isChecked() else None,
            open_folder=self.open_folder.isChecked())


class SettingsDialog(QDialog):
    def __init__(self, prefs: Prefs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setMinimumWidth(460)
        form = QFormLayout()
        row = QHBoxLayout()
        self.model = QLineEdit(prefs.model_path)
        self.model.setPlaceholderText("Default: Gemma 3 270M (verified)")
        self.model.setAccessibleName("Model file")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._on_browse_clicked)
        default = QPushButton("Default")
        default.clicked.connect(self.model.clear)
        row.addWidget(self.model, 1)
        row.addWidget(browse)
        row.addWidget(default)
        form.addRow("Model file:", row)
        self.threads = QSpinBox()
        self.threads.setRange(0, 64)
        self.threads.setSpecialValueText("Automatic")
        self.threads.setValue(prefs.threads)
        self.threads.setAccessibleName("CPU threads")
        form.addRow("CPU threads:", self.threads)
        self.autolock = QSpinBox()
        self.autolock.setRange(0, 240)
        self.autolock.setSpecialValueText("Never")
        self.autolock.setSuffix(" min")
        self.autolock.setValue(prefs.autolock_minutes)
        self.autolock.setAccessibleName("Lock after idle minutes")
        form.addRow("Lock when idle for:", self.autolock)
        self.clipboard = QSpinBox()
        self.clipboard.setRange(5, 600)
        self.clipboard.setSuffix(" s")
        self.clipboard.setValue(prefs.clipboard_seconds)
        self.clipboard.setAccessibleName("Clear clipboard after seconds")
        form.addRow("Clear copied values after:", self.clipboard)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setAccessibleName("Language")
        form.addRow("Language:", self.language)
        note = QLabel("A new model file or thread count is used from the next start. A model "
                      "file Coffer does not know is refused unless its checksum is listed.")
        note.setWordWrap(True)
        note.setObjectName("hint")
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _on_browse_clicked(self) -> None:
        dlg = no_recent_dialog(self, "Choose a GGUF model file")
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
        dlg.setNameFilter("GGUF models (*.gguf)")
        chosen = choose(dlg)
        if chosen:
            self.model.setText(str(chosen[0]))

    def prefs(self) -> Prefs:
        return Prefs(model_path=self.model.text().strip(), threads=self.threads.value(),
                     autolock_minutes=self.autolock.value(), clipboard_seconds=self.clipboard.value(),
                     language=str(self.language.currentData()))


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


PRIVACY = ("Coffer reads your documents on this computer only. The language model runs here, "
           "the vault is encrypted here, and Coffer never connects to the network: there is no "
           "account, no telemetry, no update check, and a guard refuses any connection attempt.")

LICENCES = ("Coffer: Apache License 2.0.\n"
            "Model: Gemma 3 270M, provided under and subject to the Gemma Terms of Use "
            "(ai.google.dev/gemma/terms) and the Gemma Prohibited Use Policy.\n"
            "Qt / PySide6: LGPLv3. llama.cpp: MIT. SQLCipher: BSD-style. PDFium: BSD/Apache.")


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Coffer")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        title = QLabel(f"Coffer {_version('coffer')}")
        font = title.font()
        font.setPointSize(font.pointSize() + 5)
        font.setBold(True)
        title.setFont(font)
        lay.addWidget(title)
        for text in (PRIVACY, "Network: none.",
                     f"Python {platform.python_version()} · Qt {qVersion()} · PySide6 {pyside_version} · "
                     f"llama-cpp-python {_version('llama-cpp-python')} · sqlcipher3 {_version('sqlcipher3')}",
                     LICENCES):
            label = QLabel(text)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)  # no links: nothing here opens a browser
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            lay.addWidget(label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)


def confirm_destructive(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something that cannot be undone: Cancel is the default, the text is plain (it
    may hold a file's name, N5)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def ask_delete(parent: QWidget | None, name: str) -> bool:
    """Confirm deleting a document."""
    return confirm_destructive(parent, "Delete document",
                               f"Delete “{name}” and everything read from it? It is removed from "
                               "the vault for good.", "Delete")
