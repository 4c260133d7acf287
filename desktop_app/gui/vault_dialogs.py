"""Vault dialogs: first-run setup with passphrase strength, the recovery key shown once, unlock."""
from __future__ import annotations

import os
import string

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .file_dialogs import choose, no_recent_dialog

MIN_PASSPHRASE = 8  # same floor as storage.unlock
COMMON = {"password", "passwort", "123456", "12345678", "qwerty", "letmein", "iloveyou", "coffer",
          "admin", "welcome", "monkey", "dragon", "abc123", "football", "azerty"}


def strength(passphrase: str) -> tuple[int, str]:
    """0..4 and a word: length and variety, minus common words and repeats. Advice, not a rule."""
    if not passphrase:
        return 0, ""
    lower = passphrase.lower()
    classes = sum(any(c in group for c in passphrase) for group in (
        string.ascii_lowercase, string.ascii_uppercase, string.digits,
        string.punctuation + " "))
    score = 0
    n = len(passphrase)
    score += 1 if n >= MIN_PASSPHRASE else 0
    score += 1 if n >= 12 else 0
    score += 1 if n >= 16 or (n >= 12 and classes >= 3) else 0
    score += 1 if classes >= 3 or " " in passphrase.strip() else 0
    if any(w in lower for w in COMMON) or len(set(passphrase)) <= max(3, n // 4):
        score = min(score, 1)
    if n < MIN_PASSPHRASE:
        return 0, f"Too short: at least {MIN_PASSPHRASE} characters"
    return score, ("Weak", "Weak", "Fair", "Good", "Strong")[score]


class SetupDialog(QDialog):
    """First run: explains the vault; asks for a passphrase when there is no keychain (or the
    person prefers one). ``passphrase()`` is None for keychain mode."""

    def __init__(self, keychain_available: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create your Coffer vault")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Coffer keeps your documents and everything read from them in an encrypted vault "
            "on this computer. Nothing is ever sent anywhere.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.use_pass = QCheckBox("Protect the vault with a passphrase I type each time")
        self.keychain_note = QLabel(
            "The vault key will be kept in your system keychain, so Coffer opens without asking.")
        self.keychain_note.setWordWrap(True)
        if keychain_available:
            lay.addWidget(self.keychain_note)
            lay.addWidget(self.use_pass)
        else:
            note = QLabel("This computer has no system keychain Coffer can use, so the vault "
                          "needs a passphrase. Choose one you will remember.")
            note.setWordWrap(True)
            lay.addWidget(note)
            self.use_pass.setChecked(True)
        self.pass_box = QWidget()
        pl = QVBoxLayout(self.pass_box)
        pl.setContentsMargins(0, 0, 0, 0)
        self.pass1 = QLineEdit()
        self.pass1.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass1.setPlaceholderText("Passphrase (a few words is best)")
        self.pass1.setAccessibleName("New passphrase")
        self.pass2 = QLineEdit()
        self.pass2.setEchoMode(QLineEdit.EchoMode.Password)
        self.pass2.setPlaceholderText("Repeat the passphrase")
        self.pass2.setAccessibleName("Repeat passphrase")
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.meter.setAccessibleName("Passphrase strength")
        self.meter_label = QLabel("")
        pl.addWidget(self.pass1)
        pl.addWidget(self.pass2)
        row = QHBoxLayout()
        row.addWidget(self.meter, 1)
        row.addWidget(self.meter_label)
        pl.addLayout(row)
        lay.addWidget(self.pass_box)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_btn = self.buttons.addButton("Create vault", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_create)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        self.use_pass.toggled.connect(self._refresh)
        self.pass1.textChanged.connect(self._refresh)
        self.pass2.textChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        wanted = self.use_pass.isChecked()
        self.pass_box.setVisible(wanted)
        score, word = strength(self.pass1.text())
        self.meter.setValue(score)
        self.meter.setProperty("level", score)
        self.meter.style().unpolish(self.meter)
        self.meter.style().polish(self.meter)
        self.meter_label.setText(word)
        ok = not wanted or (len(self.pass1.text()) >= MIN_PASSPHRASE and self.pass1.text() == self.pass2.text())
        self.create_btn.setEnabled(ok)
        if wanted and self.pass2.text() and self.pass1.text() != self.pass2.text():
            self.error.setText("The two passphrases are not the same.")
        else:
            self.error.setText("")
        self.adjustSize()

    def _on_create(self) -> None:
        if self.create_btn.isEnabled():
            self.accept()

    def passphrase(self) -> str | None:
        return self.pass1.text() if self.use_pass.isChecked() else None


class RecoveryKeyDialog(QDialog):
    """Shows the recovery key once. It is never stored by Coffer, so Save/Print are offered."""

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = code
        self.setWindowTitle("Your recovery key")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        text = QLabel(
            "This recovery key opens your vault if the passphrase or the keychain entry is ever "
            "lost. Coffer shows it only now and does not keep it. Write it down, save it or "
            "print it, and keep it somewhere safe, away from this computer.")
        text.setWordWrap(True)
        lay.addWidget(text)
        self.field = QLineEdit(code)
        self.field.setReadOnly(True)
        self.field.setAccessibleName("Recovery key")
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSize(font.pointSize() + 3)
        self.field.setFont(font)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.field)
        row = QHBoxLayout()
        save = QPushButton("Save to file…")
        save.clicked.connect(self._on_save_clicked)
        printer = QPushButton("Print…")
        printer.clicked.connect(self._on_print_clicked)
        row.addWidget(save)
        row.addWidget(printer)
        row.addStretch(1)
        lay.addLayout(row)
        self.confirm = QCheckBox("I have written down, saved or printed my recovery key")
        lay.addWidget(self.confirm)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Continue")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.confirm.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        self.buttons.accepted.connect(self.accept)
        lay.addWidget(self.buttons)

    def reject(self) -> None:
        # Esc must not lose the key silently: closing needs the confirmation too.
        if self.confirm.isChecked():
            super().reject()

    def _on_save_clicked(self) -> None:
        dlg = no_recent_dialog(self, "Save the recovery key")
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.selectFile("coffer-recovery-key.txt")
        chosen = choose(dlg)
        if not chosen:
            return
        path = chosen[0]
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(f"Coffer vault recovery key\n\n{self.code}\n")
        except OSError as exc:
            QMessageBox.warning(self, "Not saved", f"The file could not be written ({exc.strerror}). "
                                "Choose another folder.")
            return
        self.confirm.setChecked(True)

    def _on_print_clicked(self) -> None:
        try:
            from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        except ImportError:
            QMessageBox.information(self, "Printing", "Printing is not available; save or write the key down.")
            return
        printer = QPrinter()
        if QPrintDialog(printer, self).exec():
            doc = QTextDocument()
            doc.setPlainText(f"Coffer vault recovery key\n\n{self.code}\n")
            doc.setDefaultFont(QFont("monospace", 14))
            doc.print_(printer)
            self.confirm.setChecked(True)


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery key); the caller checks it off the GUI thread
    and calls ``show_error`` or ``accept``. Emits ``submitted(secret, is_recovery)``."""

    submitted = Signal(str, bool)

    def __init__(self, *, recovery_only: bool = False, reason: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Unlock Coffer")
        self.setMinimumWidth(420)
        lay = QVBoxLayout(self)
        self.intro = QLabel(reason or "Enter your passphrase to open the vault.")
        self.intro.setWordWrap(True)
        lay.addWidget(self.intro)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setAccessibleName("Passphrase")
        lay.addWidget(self.secret)
        self.use_recovery = QCheckBox("Use my recovery key instead")
        self.use_recovery.toggled.connect(self._on_mode_toggled)
        lay.addWidget(self.use_recovery)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setAccessibleName("Unlock error")
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 3)
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.unlock_btn = self.buttons.addButton("Unlock", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton("Quit", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._on_unlock)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        if recovery_only:
            self.use_recovery.setChecked(True)
            self.use_recovery.hide()
        self._on_mode_toggled(self.use_recovery.isChecked())

    def _on_mode_toggled(self, recovery: bool) -> None:
        self.secret.clear()
        self.secret.setEchoMode(QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX" if recovery else "Passphrase")
        self.secret.setAccessibleName("Recovery key" if recovery else "Passphrase")
        self.secret.setFocus()

    def _on_unlock(self) -> None:
        if not self.secret.text():
            return
        self.set_checking(True)
        self.submitted.emit(self.secret.text(), self.use_recovery.isChecked())

    def set_checking(self, checking: bool) -> None:
        self.unlock_btn.setEnabled(not checking)
        self.secret.setEnabled(not checking)
        if checking:
            self.error.setText("Checking…")

    def show_error(self, message: str) -> None:
        self.set_checking(False)
        self.error.setText(message)
        self.adjustSize()
        self.secret.selectAll()
        self.secret.setFocus()
