"""Opening the vault from the GUI: first-run setup, silent keychain unlock, passphrase/recovery."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.core.errors import CofferError, KeyUnavailable, WrongPassphrase
from desktop_app.storage import unlock
from desktop_app.storage.vault import Vault
from desktop_app.system import secrets as ks
from desktop_app.system.paths import AppPaths

from .vault_dialogs import RecoveryKeyDialog, SetupDialog, UnlockDialog
from .workers import IoPool

log = logging.getLogger("coffer.gui.vault")


class PresetPrompter:
    """open_vault's Prompter with answers the dialogs already collected (open_vault runs in the
    I/O thread, which must never open a dialog). The recovery key it is shown is kept for the
    GUI thread to display once."""

    def __init__(self, *, passphrase: str | None = None, new_passphrase: str | None = None,
                 recovery: str | None = None) -> None:
        self._passphrase, self._new, self._recovery = passphrase, new_passphrase, recovery
        self.shown_code: str | None = None

    def passphrase(self, *, new: bool) -> str | None:
        return self._new if new else self._passphrase

    def recovery_key(self) -> str | None:
        return self._recovery

    def show_recovery_key(self, code: str) -> None:
        self.shown_code = code


class VaultGate(QObject):
    """Drives the dialogs and runs ``open_vault`` off the GUI thread. Emits ``opened(vault)``,
    ``opened_how(str)`` ("keychain"/"passphrase"), or ``gave_up()`` if the person quits."""

    opened = Signal(object)
    gave_up = Signal()
    failed = Signal(str)

    def __init__(self, paths: AppPaths, io: IoPool, keychain: ks.Keychain | None = None,
                 parent_widget: QWidget | None = None) -> None:
        super().__init__()
        self.paths, self.io = paths, io
        self._keychain = keychain
        self.parent_widget = parent_widget
        self.dialog: QWidget | None = None
        self.mode = "keychain"

    @property
    def keychain(self) -> ks.Keychain:
        if self._keychain is None:
            self._keychain = ks.Keychain()
        return self._keychain

    def first_run(self) -> bool:
        info = unlock.key_info_path(self.paths.vault)
        return not self.paths.vault.exists() and not info.exists()

    def start(self) -> None:
        """Called on launch and after a lock."""
        if self.first_run():
            dlg = SetupDialog(self.keychain.usable(), self.parent_widget)
            dlg.accepted.connect(lambda: self._create(dlg.passphrase()))
            dlg.rejected.connect(self.gave_up)
            self._show(dlg)
            return
        try:
            info = ks.KeyInfo.load(unlock.key_info_path(self.paths.vault))
            self.mode = info.mode
        except CofferError as exc:
            self.failed.emit(str(exc))
            return
        if self.mode == "passphrase":
            self._ask()
        else:
            self._open(PresetPrompter())

    # --- steps --------------------------------------------------------------------------------
    def _show(self, dlg: QWidget) -> None:
        self.dialog = dlg
        dlg.open()  # type: ignore[attr-defined]  # window-modal, the event loop keeps running

    def _create(self, passphrase: str | None) -> None:
        prompter = PresetPrompter(new_passphrase=passphrase)
        # A person who chose a passphrase gets passphrase mode even where a keychain exists:
        # open_vault uses the keychain only when it is usable, and this one never is.
        keychain = self.keychain if passphrase is None else ks.Keychain(self.keychain.backend, trusted=())
        self.mode = "keychain" if passphrase is None else "passphrase"

        def work() -> Vault:
            return unlock.open_vault(self.paths, interactive=False, prompter=prompter, keychain=keychain)

        def done(vault: Vault) -> None:
            self._finish(vault, prompter)

        self.io.run(work, done, self.failed.emit)

    def _ask(self, *, recovery_only: bool = False, reason: str = "") -> None:
        dlg = UnlockDialog(recovery_only=recovery_only, reason=reason, parent=self.parent_widget)
        dlg.submitted.connect(lambda secret, rec: self._try(dlg, secret, rec))
        dlg.rejected.connect(self.gave_up)
        self._show(dlg)

    def _try(self, dlg: UnlockDialog, secret: str, recovery: bool) -> None:
        prompter = PresetPrompter(recovery=secret) if recovery else PresetPrompter(passphrase=secret)

        def done(vault: Vault) -> None:
            dlg.accept()
            self._finish(vault, prompter)

        def work() -> Vault | str:
            try:
                return unlock.open_vault(self.paths, interactive=False, prompter=prompter,
                                         keychain=self.keychain)
            except WrongPassphrase as exc:  # K5: told apart from a damaged vault
                return "wrong:" + str(exc)

        def result(value: Vault | str) -> None:
            if isinstance(value, str):
                dlg.show_error(value.removeprefix("wrong:"))
            else:
                done(value)

        self.io.run(work, result, dlg.show_error)

    def _open(self, prompter: PresetPrompter) -> None:
        def work() -> Vault | str:
            try:
                return unlock.open_vault(self.paths, interactive=False, prompter=prompter,
                                         keychain=self.keychain)
            except KeyUnavailable as exc:
                return str(exc)

        def result(value: Vault | str) -> None:
            if isinstance(value, str):
                self._ask(recovery_only=True, reason=value)
            else:
                self._finish(value, prompter)

        self.io.run(work, result, self.failed.emit)

    def _finish(self, vault: Vault, prompter: PresetPrompter) -> None:
        """Show a recovery key open_vault issued (first run, or a first run cut short), once."""
        code = prompter.shown_code
        prompter.shown_code = None
        if code:
            dlg = RecoveryKeyDialog(code, self.parent_widget)
            dlg.finished.connect(lambda _r: self.opened.emit(vault))
            self._show(dlg)
        else:
            self.opened.emit(vault)

