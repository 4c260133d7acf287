"""Opening the vault for the GUI and the CLI: key source, first run, recovery, rekey, backups."""
from __future__ import annotations

import contextlib
import getpass
import logging
import os
import shutil
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from desktop_app.core.errors import (
    KeyUnavailable,
    VaultDamaged,
    VaultError,
    VaultLocked,
    WrongPassphrase,
)
from desktop_app.system import secrets as ks
from desktop_app.system.paths import AppPaths

from . import connection as dbc
from .vault import Vault, verify_copy

log = logging.getLogger("coffer.storage")

KEY_INFO_NAME = "vault.key.json"
MIN_PASSPHRASE = 8


class Prompter(Protocol):
    """How open_vault talks to the person (CLI: terminal; GUI: dialogs)."""

    def passphrase(self, *, new: bool) -> str | None: ...
    def recovery_key(self) -> str | None: ...
    def show_recovery_key(self, code: str) -> None: ...


class TerminalPrompter:
    """getpass on a terminal; ``COFFER_PASSPHRASE`` / ``COFFER_NEW_PASSPHRASE`` /
    ``COFFER_RECOVERY_KEY`` for scripts and tests (never on the command line: K7)."""

    def __init__(self, *, interactive: bool, changing: bool = False,
                 out: Callable[[str], None] | None = None) -> None:
        self.interactive = interactive
        self.changing = changing  # `coffer passphrase`: the new one must be asked for
        self.out = out or (lambda s: print(s, file=sys.stderr))

    def passphrase(self, *, new: bool) -> str | None:
        env = os.environ.get("COFFER_NEW_PASSPHRASE" if new else "COFFER_PASSPHRASE")
        if env is None and new and not self.changing:
            env = os.environ.get("COFFER_PASSPHRASE")  # first run from a script
        if env is not None:
            return env
        if not self.interactive:
            return None
        if not new:
            # Empty answer = "I lost it": the recovery key is asked for next.
            return getpass.getpass("Vault passphrase (leave empty to use the recovery key): ") or None
        while True:
            first = getpass.getpass("New vault passphrase (at least 8 characters): ")
            if len(first) < MIN_PASSPHRASE:
                self.out("Too short.")
                continue
            if getpass.getpass("Repeat it: ") == first:
                return first
            self.out("The two did not match; try again.")

    def recovery_key(self) -> str | None:
        env = os.environ.get("COFFER_RECOVERY_KEY")
        if env is not None:
            return env
        if not self.interactive:
            return None
        return getpass.getpass("Recovery key (XXXX-XXXX-...): ")

    def show_recovery_key(self, code: str) -> None:
        # Printed once, to the terminal only; it is never stored or logged.
        self.out("\nYour vault RECOVERY KEY (write it down and keep it somewhere safe; it is "
                 "shown only now):\n\n    " + code + "\n\nIt opens the vault if the system "
                 "keychain entry or the passphrase is lost.\n")


def key_info_path(vault_path: Path) -> Path:
    return Path(vault_path).with_name(KEY_INFO_NAME)


def open_vault(paths: AppPaths, *, interactive: bool, prompter: Prompter | None = None,
               keychain: ks.Keychain | None = None) -> Vault:
    """Open the vault, creating it (with a recovery key shown once) on the very first run."""
    paths.ensure()
    prompter = prompter or TerminalPrompter(interactive=interactive)
    keychain = keychain or ks.Keychain()
    db, info_path = paths.vault, key_info_path(paths.vault)
    info = ks.KeyInfo.load(info_path) if info_path.exists() else None
    if not db.exists():
        if info is not None and info.state == "ready":
            # Never start an empty vault where one used to be (Signal #5097).
            raise VaultError("The vault file is missing, but its key information is still here.",
                             "Restore a backup (coffer restore BACKUP); nothing was created.")
        return _create(db, info_path, prompter, keychain)
    if info is None:
        raise VaultError("The key information file beside the vault (vault.key.json) is missing.",
                         "Restore it from a backup; the vault was left untouched.")
    vault, _ = unlock(db, info_path, info, prompter, keychain)
    return vault


def _create(db: Path, info_path: Path, prompter: Prompter, keychain: ks.Keychain) -> Vault:
    vault_id = uuid.uuid4().hex
    code = ks.new_recovery_code()
    data: dict[str, object] = {"format": ks.KEY_INFO_FORMAT, "vault_id": vault_id,
                               "state": "creating", "recovery_public": ks.recovery_public(code)}
    use_passphrase = os.environ.get("COFFER_PASSPHRASE") is not None or not keychain.usable()
    key: str | None = None
    if not use_passphrase:
        key = ks.new_key()
        if keychain.put(vault_id, key):
            data.update(mode="keychain", backend_class=keychain.backend_name)
        else:
            log.warning("the keychain did not keep the key; using a passphrase instead")
            key = None
    if key is None:
        passphrase = prompter.passphrase(new=True)
        if not passphrase:
            raise VaultLocked("There is no usable system keychain, so the vault needs a passphrase.",
                              "Run Coffer in a terminal, or set COFFER_PASSPHRASE for scripts.")
        params = ks.KdfParams.fresh()
        key = params.derive(passphrase)
        data.update(mode="passphrase", backend_class=None, kdf=params.to_json())
    data["kcv"] = ks.key_check_value(key, vault_id)
    data["recovery"] = ks.wrap_for_recovery(key, str(data["recovery_public"]), vault_id)
    info = ks.KeyInfo(data)
    # Key info first (state "creating"), then the DB, then "ready": a crash in between leaves
    # either nothing usable to lose or a vault whose key is already recorded.
    info.save(info_path)
    vault = Vault.open(db, key, create=True)
    info.data["state"] = "ready"
    info.save(info_path)
    prompter.show_recovery_key(code)
    return vault


def _candidates(info: ks.KeyInfo, prompter: Prompter, keychain: ks.Keychain) -> tuple[list[str], str]:
    """Keys that pass a key-check value (current or pending), and how they were obtained."""
    vid = info.vault_id
    pending = info.pending
    found: list[str] = []

    def consider(key: str | None) -> None:
        if not key or key in found:
            return
        if ks.key_check_value(key, vid) == info.data["kcv"]:
            found.append(key)
            if pending and pending.get("new_by_old"):
                found.append(ks.unwrap_key(pending["new_by_old"], key, vid) or "")
        elif pending and ks.key_check_value(key, vid) == pending["kcv"]:
            found.append(key)
            found.append(ks.unwrap_key(pending["old_by_new"], key, vid) or "")

    if info.mode == "keychain" or (pending and pending.get("mode") == "keychain"):
        consider(keychain.get(vid, "current"))
        consider(keychain.get(vid, "pending"))
        if found:
            return [k for k in found if k], "keychain"
    if info.mode == "passphrase" or (pending and pending.get("mode") == "passphrase"):
        passphrase = prompter.passphrase(new=False)
        if passphrase is not None:
            for record in (info.data, pending or {}):
                if record.get("kdf"):
                    consider(ks.KdfParams.from_json(record["kdf"]).derive(passphrase))
            if found:
                return [k for k in found if k], "passphrase"
            if info.mode == "passphrase":
                raise WrongPassphrase("That passphrase does not open this vault.")
    # Keychain entry gone or keychain switched (K4): the recovery key is the way back (K9).
    code = prompter.recovery_key()
    if code is None:
        if info.mode == "passphrase":
            raise VaultLocked("The vault is locked.",
                              "Give the passphrase (COFFER_PASSPHRASE for scripts).")
        raise ks.missing_key_error(info)
    for record in (info.data, pending or {}):
        if record.get("recovery"):
            key = ks.unwrap_with_recovery(record["recovery"], code, vid)
            consider(key)
    if not found:
        raise WrongPassphrase("That recovery key does not open this vault.")
    return [k for k in found if k], "recovery"


def unlock(db: Path, info_path: Path, info: ks.KeyInfo, prompter: Prompter,
           keychain: ks.Keychain) -> tuple[Vault, str]:
    """Open an existing vault; finish or roll back an interrupted rekey (K6)."""
    keys, how = _candidates(info, prompter, keychain)
    vault: Vault | None = None
    last: Exception | None = None
    damaged: VaultDamaged | None = None
    for key in keys:
        try:
            vault = Vault.open(db, key, key_verified=False)
            break
        except WrongPassphrase as exc:  # this candidate is not the file's key; try the next
            last = exc
        except VaultDamaged as exc:  # with two candidates (rekey), the other may read it all
            damaged = exc
    if vault is None:
        if damaged is not None:
            raise damaged
        # Every candidate passed the key check, so the file itself is the problem.
        raise VaultDamaged("The vault file is damaged: the key is right but it does not decrypt.") from last
    key = vault._key
    _settle_pending(info, info_path, key, keychain)
    if info.state != "ready":
        # The first run stopped before the recovery key was shown: issue (and show) a new one.
        code = ks.new_recovery_code()
        info.data["recovery_public"] = ks.recovery_public(code)
        info.data["recovery"] = ks.wrap_for_recovery(key, info.data["recovery_public"], info.vault_id)
        info.data["state"] = "ready"
        info.save(info_path)
        prompter.show_recovery_key(code)
    if how == "recovery" and info.mode == "keychain" and keychain.put(info.vault_id, key):
        info.data["backend_class"] = keychain.backend_name
        info.save(info_path)
        log.info("vault key re-stored in the keychain after recovery")
    elif how == "recovery":
        # Passphrase lost, or the keychain is gone for good (K4: e.g. SecretService -> fail):
        # offer to set a passphrase right away (two-phase rekey).
        new = prompter.passphrase(new=True)
        if new:
            rekey(vault, info_path, passphrase=new, keychain=keychain)
            log.info("new passphrase set after recovery")
    return vault, how


def _settle_pending(info: ks.KeyInfo, info_path: Path, key: str, keychain: ks.Keychain) -> None:
    pending = info.pending
    if not pending:
        return
    vid = info.vault_id
    if ks.key_check_value(key, vid) == pending["kcv"]:
        _promote(info, info_path, key, keychain)
    else:  # the rekey never reached the file: forget it
        info.data.pop("pending", None)
        info.save(info_path)
        keychain.delete(vid, "pending")


def _promote(info: ks.KeyInfo, info_path: Path, new_key: str, keychain: ks.Keychain) -> None:
    pending = dict(info.pending or {})
    vid = info.vault_id
    if pending.get("mode") == "keychain" and not keychain.put(vid, new_key, "current"):
        raise VaultError("The keychain did not keep the new vault key.", "Try again; the vault is intact.")
    for name in ("mode", "kdf", "kcv", "recovery", "backend_class"):
        if name in pending:
            info.data[name] = pending[name]
        else:
            info.data.pop(name, None)
    info.data.pop("pending", None)
    info.save(info_path)
    if pending.get("mode") != "keychain":
        keychain.delete(vid, "current")  # K4: no stale copy of a key that no longer opens it
    keychain.delete(vid, "pending")


def rekey(vault: Vault, info_path: Path, *, passphrase: str | None, keychain: ks.Keychain,
          hook: Callable[[str], None] | None = None) -> str:
    """Two-phase re-key (K6). With ``passphrase`` the vault moves to (or stays in) passphrase
    mode; without, a fresh random key goes to the keychain. Returns the new mode.

    1. record the new key as *pending* (key info + keychain), wrapped under the old key and the
       old under the new, so whichever one a crash leaves in the file can be found;
    2. PRAGMA rekey (atomic), verified by reopening; 3. promote pending, drop the old."""
    hook = hook or (lambda _stage: None)
    info = ks.KeyInfo.load(info_path)
    vid, old = info.vault_id, vault._key
    pending: dict[str, object] = {}
    if passphrase is not None:
        if len(passphrase) < MIN_PASSPHRASE:
            raise VaultError("The new passphrase is too short.", "Use at least 8 characters.")
        params = ks.KdfParams.fresh()
        new = params.derive(passphrase)
        pending.update(mode="passphrase", kdf=params.to_json(), backend_class=None)
    else:
        new = ks.new_key()
        if not keychain.put(vid, new, "pending"):
            raise VaultError("There is no usable system keychain to keep a new key.",
                             "Set a passphrase instead (coffer passphrase).")
        pending.update(mode="keychain", backend_class=keychain.backend_name)
    pending["kcv"] = ks.key_check_value(new, vid)
    pending["recovery"] = ks.wrap_for_recovery(new, info.data["recovery_public"], vid)
    pending["new_by_old"] = ks.wrap_key(new, old, vid)
    pending["old_by_new"] = ks.wrap_key(old, new, vid)
    info.data["pending"] = pending
    info.save(info_path)
    hook("pending-saved")
    vault.rekey(new)
    hook("rekeyed")
    _promote(info, info_path, new, keychain)
    hook("promoted")
    return str(pending["mode"])


# --- backup and restore ------------------------------------------------------------------------
def backup(vault: Vault, dest: Path) -> Path:
    """Encrypted copy (same key) at ``dest`` plus its key info at ``dest.key.json``."""
    dest = Path(dest)
    if dest.exists():
        raise VaultError(f"{dest.name} already exists.", "Choose a new file name for the backup.")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    vault.backup_to(partial)
    info = key_info_path(vault.path)
    ks.write_private_atomic(Path(f"{dest}.key.json"), info.read_bytes())
    os.replace(partial, dest)
    dbc.fsync_dir(dest.parent)
    return dest


def auto_backup(vault: Vault, paths: AppPaths, *, keep: int = 3,
                min_age_hours: float = 24.0) -> Path | None:
    """C7: a periodic encrypted backup in ``data/backups`` if the newest is older than
    ``min_age_hours``; keeps the ``keep`` newest. Returns the new backup, or None."""
    folder = paths.data / "backups"
    dbc.ensure_private_dir(folder)
    existing = sorted(folder.glob("auto-*.db"))
    if existing and time.time() - existing[-1].stat().st_mtime < min_age_hours * 3600:
        return None
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    dest = folder / f"auto-{stamp}.db"
    if dest.exists():
        return None
    backup(vault, dest)
    for old in sorted(folder.glob("auto-*.db"))[:-keep]:
        for p in (old, Path(f"{old}.key.json")):
            with contextlib.suppress(OSError):
                p.unlink()  # our own older encrypted copies, never the vault
    return dest


def restore(paths: AppPaths, backup_path: Path, *, prompter: Prompter,
            keychain: ks.Keychain | None = None) -> Path | None:
    """Check a backup opens and is intact, move the current vault aside (kept, never deleted),
    then install the backup. Returns where the previous vault files were moved (None if there
    was no vault). Close every connection to the vault first (C6)."""
    keychain = keychain or ks.Keychain()
    backup_path = Path(backup_path)
    info_src = Path(f"{backup_path}.key.json")
    if not backup_path.exists() or not info_src.exists():
        raise VaultError("The backup or its key information file (.key.json) is missing.",
                         "Give the path of a backup made by `coffer backup`.")
    info = ks.KeyInfo.load(info_src)
    keys, _ = _candidates(info, prompter, keychain)
    key = None
    for k in keys:
        with contextlib.suppress(WrongPassphrase):
            verify_copy(backup_path, k)
            key = k
            break
    if key is None:
        raise VaultDamaged("The backup is damaged: its key is right but it does not decrypt.")
    paths.ensure()
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    aside = paths.data / f"replaced-{stamp}"
    db = paths.vault
    # C6: WAL/SHM are moved with the DB, never deleted; the old vault stays byte-identical.
    current = [p for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), key_info_path(db)) if p.exists()]
    if current:
        n = 1
        while aside.exists():
            n += 1
            aside = paths.data / f"replaced-{stamp}-{n}"
        aside.mkdir(mode=0o700)
    for p in current:
        os.replace(p, aside / p.name)
    partial = db.with_name(db.name + ".partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    dbc.create_private_file(partial)
    with open(backup_path, "rb") as src, open(partial, "r+b") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
        dst.flush()
        os.fsync(dst.fileno())
    info.data.pop("pending", None)
    if info.mode == "keychain":
        if keychain.put(info.vault_id, key):
            info.data["backend_class"] = keychain.backend_name
        else:  # e.g. restored on a machine without a keychain: the recovery key opens it
            log.warning("restored vault key could not be stored in a keychain")
    info.data["state"] = "ready"
    info.save(key_info_path(db))
    os.replace(partial, db)
    dbc.fsync_dir(db.parent)
    return aside if current else None


def change_passphrase(paths: AppPaths, *, prompter: Prompter,
                      keychain: ks.Keychain | None = None) -> str:
    """Open the vault, ask for the new passphrase, rekey in two phases."""
    keychain = keychain or ks.Keychain()
    vault = open_vault(paths, interactive=True, prompter=prompter, keychain=keychain)
    try:
        new = prompter.passphrase(new=True)
        if not new:
            raise VaultLocked("No new passphrase was given.", "Nothing was changed.")
        return rekey(vault, key_info_path(paths.vault), passphrase=new, keychain=keychain)
    finally:
        vault.close()


__all__ = ["KeyUnavailable", "Prompter", "TerminalPrompter", "auto_backup", "backup", "change_passphrase",
           "key_info_path", "open_vault", "rekey", "restore", "unlock"]
