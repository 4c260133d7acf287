"""File ▸ Back up vault…, Restore from backup…, Change passphrase… on a real vault."""
from __future__ import annotations

from pathlib import Path

from conftest import create_vault, drop, make_app

from desktop_app.gui.vault_dialogs import UnlockDialog
from desktop_app.gui.vault_tools import ChangePassphraseDialog
from desktop_app.storage import unlock

PASS = "correct horse battery"


def _names(coffer: object) -> list[str]:
    return sorted(r.name for r in coffer.window.doc_model.rows)  # type: ignore[attr-defined]


def _add(qtbot: object, coffer: object, path: Path) -> None:
    before = len(coffer.window.doc_model.rows)  # type: ignore[attr-defined]
    drop(coffer.window, [path])  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(coffer.window.doc_model.rows) == before + 1  # type: ignore[attr-defined]
                    and all(r.state == "done" for r in coffer.window.doc_model.rows)  # type: ignore[attr-defined]
                    and not coffer.controller.batches, timeout=30000)  # type: ignore[attr-defined]


def _backup(qtbot: object, coffer: object, dest: Path) -> None:
    tools = coffer.controller.tools  # type: ignore[attr-defined]
    with qtbot.waitSignal(tools.done, timeout=20000) as sig:  # type: ignore[attr-defined]
        tools.run_backup(coffer.controller.service.store, dest)  # type: ignore[attr-defined]
    assert sig.args == ["backup saved"]
    assert dest.exists() and Path(f"{dest}.key.json").exists()
    tools.dialog.close()


def test_backup_then_restore_closes_and_reopens_the_vault(qtbot, coffer, docs, tmp_path: Path,
                                                          monkeypatch) -> None:
    ctl = coffer.controller
    _add(qtbot, coffer, docs["receipt"])
    backup = tmp_path / "usb" / "coffer-backup.db"
    _backup(qtbot, coffer, backup)
    _add(qtbot, coffer, docs["invoice"])
    assert _names(coffer) == ["coffee-receipt.txt", "northwind-invoice.pdf"]
    old_store = ctl.service.store

    monkeypatch.setattr(ctl.tools, "confirm_restore", lambda _b: True)
    with qtbot.waitSignal(ctl.tools.done, timeout=30000) as sig:
        ctl.tools.ask_restore(backup)  # keychain mode: the key is in the keychain, no question
    assert sig.args == ["restored"]
    assert ctl.service.store is not old_store and old_store._conn is None  # closed first
    qtbot.waitUntil(lambda: _names(coffer) == ["coffee-receipt.txt"], timeout=10000)
    assert "vault unlocked" in ctl.w.state_label.text()
    aside = ctl.tools.moved_aside
    assert aside is not None and (aside / "vault.db").exists()  # the replaced vault is kept
    # a backup never overwrites
    with qtbot.waitSignal(ctl.tools.done, timeout=20000) as sig:
        ctl.tools.run_backup(ctl.service.store, backup)
    assert sig.args == ["backup failed"] and "already exists" in ctl.tools.dialog.text()


def test_a_damaged_backup_is_refused_and_the_vault_stays(qtbot, coffer, docs, tmp_path: Path,
                                                         monkeypatch) -> None:
    ctl = coffer.controller
    _add(qtbot, coffer, docs["receipt"])
    backup = tmp_path / "coffer-backup.db"
    _backup(qtbot, coffer, backup)
    data = bytearray(backup.read_bytes())
    for i in range(4096 + 100, len(data), 4096):
        data[i:i + 64] = b"\0" * 64  # every page but the first: right key, broken pages
    backup.write_bytes(bytes(data))
    monkeypatch.setattr(ctl.tools, "confirm_restore", lambda _b: True)
    with qtbot.waitSignal(ctl.tools.done, timeout=30000) as sig:
        ctl.tools.ask_restore(backup)
    assert sig.args == ["restore failed"]
    assert "damaged" in ctl.tools.dialog.text()
    qtbot.waitUntil(lambda: "vault unlocked" in ctl.w.state_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: _names(coffer) == ["coffee-receipt.txt"], timeout=10000)
    assert ctl.tools.moved_aside is None


def test_passphrase_vault_restore_wrong_then_right(qtbot, home, docs, tmp_path: Path,
                                                   monkeypatch) -> None:
    gen = make_app(qtbot, home, None)
    coffer = next(gen)
    create_vault(qtbot, coffer, PASS)
    ctl = coffer.controller
    _add(qtbot, coffer, docs["receipt"])
    backup = tmp_path / "coffer-backup.db"
    _backup(qtbot, coffer, backup)
    _add(qtbot, coffer, docs["invoice"])
    monkeypatch.setattr(ctl.tools, "confirm_restore", lambda _b: True)
    ctl.tools.ask_restore(backup)
    ask = ctl.tools.dialog
    assert isinstance(ask, UnlockDialog)
    ask.secret.setText("not the passphrase")
    ask.unlock_btn.click()
    qtbot.waitUntil(lambda: "does not open this backup" in ask.error.text(), timeout=15000)
    assert ctl.service.store is not None and len(_names(coffer)) == 2  # nothing was closed
    ask.secret.setText(PASS)
    with qtbot.waitSignal(ctl.tools.done, timeout=30000) as sig:
        ask.unlock_btn.click()
    assert sig.args == ["restored"]
    qtbot.waitUntil(lambda: _names(coffer) == ["coffee-receipt.txt"], timeout=10000)
    next(gen, None)


def test_change_passphrase_wrong_current_then_new_one_unlocks(qtbot, home, docs) -> None:
    gen = make_app(qtbot, home, None)
    coffer = next(gen)
    create_vault(qtbot, coffer, PASS)
    ctl = coffer.controller
    _add(qtbot, coffer, docs["receipt"])
    ctl.w.act_passphrase.trigger()
    dlg = ctl.tools.dialog
    assert isinstance(dlg, ChangePassphraseDialog) and dlg.current.isVisibleTo(dlg)
    dlg.current.setText("wrong passphrase")
    dlg.new1.setText("a brand new passphrase")
    dlg.new2.setText("a brand new passphrase!")
    assert not dlg.ok.isEnabled() and "not the same" in dlg.error.text()
    dlg.new2.setText("a brand new passphrase")
    dlg.ok.click()
    qtbot.waitUntil(lambda: "not the current passphrase" in dlg.error.text(), timeout=15000)
    dlg.current.setText(PASS)
    with qtbot.waitSignal(ctl.tools.done, timeout=30000):
        dlg.ok.click()
    info = ks_info(home)
    assert info.mode == "passphrase" and not info.pending
    # lock; the old passphrase no longer opens it, the new one does
    ctl.lock()
    ctl.gate.start()
    unlock_dlg = ctl.gate.dialog
    assert isinstance(unlock_dlg, UnlockDialog)
    unlock_dlg.secret.setText(PASS)
    unlock_dlg.unlock_btn.click()
    qtbot.waitUntil(lambda: "does not open" in unlock_dlg.error.text(), timeout=15000)
    unlock_dlg.secret.setText("a brand new passphrase")
    unlock_dlg.unlock_btn.click()
    qtbot.waitUntil(lambda: "vault unlocked" in ctl.w.state_label.text(), timeout=15000)
    qtbot.waitUntil(lambda: _names(coffer) == ["coffee-receipt.txt"], timeout=10000)
    next(gen, None)


def test_keychain_vault_moves_to_a_passphrase(qtbot, coffer, home) -> None:
    ctl = coffer.controller
    ctl.w.act_passphrase.trigger()
    dlg = ctl.tools.dialog
    assert isinstance(dlg, ChangePassphraseDialog) and not dlg.current.isVisibleTo(dlg)
    dlg.new1.setText("a brand new passphrase")
    dlg.new2.setText("a brand new passphrase")
    with qtbot.waitSignal(ctl.tools.done, timeout=30000):
        dlg.ok.click()
    assert ks_info(home).mode == "passphrase"
    ctl.lock()
    ctl.gate.start()  # from now on Coffer asks
    assert isinstance(ctl.gate.dialog, UnlockDialog)


def ks_info(home: object) -> object:
    from desktop_app.system import secrets as ks

    return ks.KeyInfo.load(unlock.key_info_path(home.vault))  # type: ignore[attr-defined]
