"""Vault maintenance from the File menu: change the passphrase, back up, restore a backup.

The work itself is storage.unlock's (rekey, backup, restore, open_vault), run in the I/O thread.
A wrong passphrase or recovery key is told apart from a damaged file, and checked before
anything is closed or moved. Restore closes every connection to the vault first (C6), then
opens the restored vault; the vault it replaced is moved aside, never deleted.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
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
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import CofferError
from desktop_app.storage import unlock
from desktop_app.storage.vault import Vault
from desktop_app.system import secrets as ks

from .dialogs import confirm_destructive
from .file_dialogs import choose, no_recent_dialog
from .vault_dialogs import MIN_PASSPHRASE, UnlockDialog, strength
from .vault_gate import PresetPrompter

if TYPE_CHECKING:
    from .controller import Controller

WRONG = "wrong:"


def key_opens(info: ks.KeyInfo, keychain: ks.Keychain, *, passphrase: str | None = None,
              recovery: str | None = None) -> bool:
    """Whether a secret (or, with neither, the keychain) gives the key this key information
    describes. Only the key-check value is compared: cheap, and the vault file is untouched;
    storage.unlock checks the file itself afterwards."""
    vid, kcv = info.vault_id, info.data.get("kcv")
    try:
        if recovery is not None:
            key = ks.unwrap_with_recovery(info.data["recovery"], recovery, vid)
        elif passphrase is not None:
            params = info.kdf
            key = params.derive(passphrase) if params is not None else None
        else:
            key = keychain.get(vid, "current")
    except (KeyError, ValueError, TypeError):  # a malformed recovery key, no KDF recorded
        return False
    return bool(key) and ks.key_check_value(key, vid) == kcv  # type: ignore[arg-type]


class ChangePassphraseDialog(QDialog):
    """The current passphrase (or the recovery key), the new one twice with its strength.
    Emits ``submitted(current, is_recovery, new)``; the caller checks it off the GUI thread."""

    submitted = Signal(str, bool, str)

    def __init__(self, *, ask_current: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change the vault passphrase")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Enter your current passphrase, then the new one. Your documents are re-encrypted "
            "with the new key; the recovery key you saved keeps working." if ask_current else
            "Coffer opens now with a key kept in your system keychain. With a passphrase it will "
            "ask for it every time instead. The recovery key you saved keeps working.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.current.setPlaceholderText("Current passphrase")
        self.current.setAccessibleName("Current passphrase")
        self.use_recovery = QCheckBox("I forgot it: use my recovery key")
        self.use_recovery.toggled.connect(self._on_recovery_toggled)
        lay.addWidget(self.current)
        lay.addWidget(self.use_recovery)
        self.current.setVisible(ask_current)
        self.use_recovery.setVisible(ask_current)
        self.ask_current = ask_current
        self.new1 = QLineEdit()
        self.new1.setEchoMode(QLineEdit.EchoMode.Password)
        self.new1.setPlaceholderText("New passphrase (a few words is best)")
        self.new1.setAccessibleName("New passphrase")
        self.new2 = QLineEdit()
        self.new2.setEchoMode(QLineEdit.EchoMode.Password)
        self.new2.setPlaceholderText("Repeat the new passphrase")
        self.new2.setAccessibleName("Repeat new passphrase")
        lay.addWidget(self.new1)
        lay.addWidget(self.new2)
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.meter.setAccessibleName("Passphrase strength")
        self.meter_label = QLabel("")
        row = QHBoxLayout()
        row.addWidget(self.meter, 1)
        row.addWidget(self.meter_label)
        lay.addLayout(row)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setAccessibleName("Passphrase error")
        lay.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.addButton("Change passphrase", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self._on_ok)
        self.buttons.rejected.connect(self.reject)
        lay.addWidget(self.buttons)
        for edit in (self.current, self.new1, self.new2):
            edit.textChanged.connect(self._refresh)
        self._refresh()

    def _on_recovery_toggled(self, recovery: bool) -> None:
        self.current.clear()
        self.current.setEchoMode(QLineEdit.EchoMode.Normal if recovery else QLineEdit.EchoMode.Password)
        self.current.setPlaceholderText("Recovery key (XXXX-XXXX-…)" if recovery else "Current passphrase")
        self.current.setAccessibleName("Recovery key" if recovery else "Current passphrase")

    def _refresh(self) -> None:
        score, word = strength(self.new1.text())
        self.meter.setValue(score)
        self.meter.setProperty("level", score)
        self.meter.style().unpolish(self.meter)
        self.meter.style().polish(self.meter)
        self.meter_label.setText(word)
        same = self.new1.text() == self.new2.text()
        self.ok.setEnabled(len(self.new1.text()) >= MIN_PASSPHRASE and same
                           and (not self.ask_current or bool(self.current.text())))
        mismatch = bool(self.new2.text()) and not same
        self.error.setText("The two new passphrases are not the same." if mismatch else "")

    def _on_ok(self) -> None:
        if not self.ok.isEnabled():
            return
        self.set_checking(True)
        self.submitted.emit(self.current.text(), self.use_recovery.isChecked(), self.new1.text())

    def set_checking(self, checking: bool) -> None:
        for w in (self.ok, self.current, self.new1, self.new2, self.use_recovery):
            w.setEnabled(not checking)
        if checking:
            self.error.setText("Re-encrypting the vault…")

    def show_error(self, message: str) -> None:
        self.set_checking(False)
        self._refresh()
        self.error.setText(message)
        self.current.selectAll()
        self.current.setFocus()


class VaultTools(QObject):
    """The three File-menu flows. ``done(str)`` reports each outcome (tests wait on it)."""

    done = Signal(str)

    def __init__(self, controller: Controller) -> None:
        super().__init__()
        self.ctl = controller
        self.dialog: QDialog | None = None
        self.last_backup: Path | None = None
        self.moved_aside: Path | None = None
        w = controller.w
        w.act_backup.triggered.connect(self.backup)
        w.act_restore.triggered.connect(self.restore)
        w.act_passphrase.triggered.connect(self.change_passphrase)

    def close_dialog(self) -> None:
        """On lock: no passphrase or backup dialog stays open over a locked vault."""
        if self.dialog is not None and shiboken6.isValid(self.dialog) and self.dialog.isVisible():
            self.dialog.reject()

    # --- shared ------------------------------------------------------------------------------
    @property
    def w(self) -> QWidget:
        return self.ctl.w

    def tell(self, title: str, message: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        """A message that does not block the event loop (plain text: it may name a file)."""
        box = QMessageBox(icon, title, message, parent=self.w)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = box
        box.open()

    def _ready(self, what: str) -> Vault | None:
        store = self.ctl.service.store
        if store is None:
            self.tell(what, "Unlock the vault first.", QMessageBox.Icon.Information)
            return None
        if self.ctl.busy():
            self.tell(what, "Coffer is still reading or learning. Wait until it has finished (or "
                      "cancel it), then try again.", QMessageBox.Icon.Information)
            return None
        return store  # type: ignore[return-value]

    def _info(self) -> ks.KeyInfo:
        return ks.KeyInfo.load(unlock.key_info_path(self.ctl.paths.vault))

    # --- change passphrase --------------------------------------------------------------------
    def change_passphrase(self) -> None:
        vault = self._ready("Change passphrase")
        if vault is None:
            return
        try:
            info = self._info()
        except CofferError as exc:
            self.tell("Change passphrase", str(exc))
            return
        dlg = ChangePassphraseDialog(ask_current=info.mode == "passphrase", parent=self.w)
        dlg.submitted.connect(lambda cur, rec, new: self._rekey(dlg, vault, info, cur, rec, new))
        self.dialog = dlg
        dlg.open()

    def _rekey(self, dlg: ChangePassphraseDialog, vault: Vault, info: ks.KeyInfo, current: str,
               recovery: bool, new: str) -> None:
        keychain = self.ctl.gate.keychain
        info_path = unlock.key_info_path(self.ctl.paths.vault)

        def work() -> str:
            if info.mode == "passphrase" and not key_opens(
                    info, keychain, passphrase=None if recovery else current,
                    recovery=current if recovery else None):
                return WRONG + ("That recovery key does not open this vault." if recovery else
                                "That is not the current passphrase. Nothing was changed.")
            # The vault stays open: rekey re-encrypts it through this connection (two-phase, K6).
            return unlock.rekey(vault, info_path, passphrase=new, keychain=keychain)

        def finished(result: str) -> None:
            if result.startswith(WRONG):
                dlg.show_error(result.removeprefix(WRONG))
                return
            dlg.accept()
            self.ctl.gate.mode = "passphrase"
            self.w.statusBar().showMessage("Passphrase changed. Coffer asks for the new one from now on.", 10000)
            self.done.emit("passphrase changed")

        self.ctl.io.run(work, finished, dlg.show_error)

    # --- back up ------------------------------------------------------------------------------
    def backup(self) -> None:
        vault = self._ready("Back up vault")
        if vault is None:
            return
        dlg = no_recent_dialog(self.w, "Back up the vault")
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setOption(QFileDialog.Option.DontConfirmOverwrite, True)  # backup() never overwrites
        dlg.setNameFilter("Coffer backups (*.db)")
        dlg.setDefaultSuffix("db")
        dlg.setDirectory(str(Path.home()))
        dlg.selectFile(f"coffer-backup-{dt.date.today().isoformat()}.db")
        chosen = choose(dlg)
        if chosen:
            self.run_backup(vault, chosen[0])

    def run_backup(self, vault: Vault, dest: Path) -> None:
        self.w.statusBar().showMessage("Backing up the vault…")

        def finished(path: Path) -> None:
            self.last_backup = path
            self.w.statusBar().showMessage(f"Backup saved: {path.name}", 10000)
            self.tell("Backup saved", f"The encrypted backup is saved as {path.name}, with its key "
                      f"information in {path.name}.key.json beside it: keep the two files "
                      "together. It opens with the passphrase or keychain key the vault has now, "
                      "or with your recovery key.", QMessageBox.Icon.Information)
            self.done.emit("backup saved")

        def failed(message: str) -> None:
            self.w.statusBar().clearMessage()
            self.tell("The backup was not made", message)
            self.done.emit("backup failed")

        self.ctl.io.run(lambda: unlock.backup(vault, dest), finished, failed)

    # --- restore ------------------------------------------------------------------------------
    def restore(self) -> None:
        if self._ready("Restore from backup") is None:
            return
        dlg = no_recent_dialog(self.w, "Restore from a backup")
        dlg.setFileMode(QFileDialog.FileMode.ExistingFile)
        dlg.setNameFilter("Coffer backups (*.db);;All files (*)")
        chosen = choose(dlg)
        if chosen:
            self.ask_restore(chosen[0])

    def ask_restore(self, backup: Path) -> None:
        try:
            info = ks.KeyInfo.load(Path(f"{backup}.key.json"))
        except CofferError:
            self.tell("Restore from backup",
                      f"{backup.name} has no readable key information beside it "
                      f"({backup.name}.key.json). Choose a backup made by Coffer, with its "
                      ".key.json file in the same folder.")
            return
        if not self.confirm_restore(backup):
            return
        keychain = self.ctl.gate.keychain
        if info.mode != "passphrase" and key_opens(info, keychain):
            self._restore(backup, PresetPrompter())
            return
        recovery_only = info.mode != "passphrase"
        ask = UnlockDialog(recovery_only=recovery_only, parent=self.w, reason=(
            "This backup's key is not in this computer's keychain. Enter your recovery key."
            if recovery_only else
            "Enter the passphrase the vault had when this backup was made."))
        ask.setWindowTitle("Open the backup")
        ask.unlock_btn.setText("Restore")
        for button in ask.buttons.buttons():
            if ask.buttons.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                button.setText("Cancel")
        ask.submitted.connect(lambda secret, rec: self._check_secret(ask, backup, info, secret, rec))
        self.dialog = ask
        ask.open()

    def confirm_restore(self, backup: Path) -> bool:
        when = dt.datetime.fromtimestamp(backup.stat().st_mtime).strftime("%d %B %Y, %H:%M")
        return confirm_destructive(
            self.w, "Restore from backup",
            f"Replace the documents in your vault with those in {backup.name} (saved {when})? "
            "Documents added or corrected since then will not be in the restored vault. Your "
            "current vault is not deleted: it is moved to a “replaced-…” folder beside it.",
            "Restore")

    def _check_secret(self, ask: UnlockDialog, backup: Path, info: ks.KeyInfo, secret: str,
                      recovery: bool) -> None:
        keychain = self.ctl.gate.keychain

        def work() -> bool:
            return key_opens(info, keychain, passphrase=None if recovery else secret,
                             recovery=secret if recovery else None)

        def checked(ok: bool) -> None:
            if not ok:  # told apart from a damaged backup, which restore reports after this
                ask.show_error("That recovery key does not open this backup." if recovery else
                               "That passphrase does not open this backup. Nothing was changed.")
                return
            ask.accept()
            self._restore(backup, PresetPrompter(recovery=secret) if recovery
                          else PresetPrompter(passphrase=secret))

        self.ctl.io.run(work, checked, ask.show_error)

    def _restore(self, backup: Path, prompter: PresetPrompter) -> None:
        ctl = self.ctl
        ctl.lock()  # clears the screen and closes every connection to the vault (C6)
        ctl.w.show_hint("Restoring the backup…", "Checking the backup, then putting it in place. "
                        "Your current vault is kept aside.", "")
        paths, keychain = ctl.paths, ctl.gate.keychain

        def work() -> tuple[Path | None, Vault]:
            aside = unlock.restore(paths, backup, prompter=prompter, keychain=keychain)
            vault = unlock.open_vault(paths, interactive=False, prompter=prompter, keychain=keychain)
            return aside, vault

        def finished(result: tuple[Path | None, Vault]) -> None:
            aside, vault = result
            self.moved_aside = aside
            ctl.gate.mode = ks.KeyInfo.load(unlock.key_info_path(paths.vault)).mode
            ctl.vault_opened(vault)
            where = f" The vault it replaced is kept in the folder “{aside.name}”." if aside else ""
            ctl.w.statusBar().showMessage(f"Backup restored.{where}", 15000)
            self.done.emit("restored")

        def failed(message: str) -> None:
            ctl.gate.start()  # the vault as it was (or as far as restore got): unlock it again
            self.tell("The backup was not restored", message)
            self.done.emit("restore failed")

        ctl.io.run(work, finished, failed)

