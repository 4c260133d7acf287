"""The one way to open the SQLCipher vault: key first, pinned cipher, hardened pragmas, guard."""
from __future__ import annotations

import contextlib
import logging
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeAlias
from urllib.parse import quote

import sqlcipher3

from desktop_app.core.errors import (
    DiskFull,
    VaultDamaged,
    VaultError,
    VaultNotRecognised,
    WrongPassphrase,
)

log = logging.getLogger("coffer.storage")

# sqlcipher3 ships no type hints; its Connection mirrors sqlite3.Connection.
Connection: TypeAlias = Any
DatabaseError = sqlcipher3.DatabaseError
OperationalError = sqlcipher3.OperationalError

# K8: only a 256-bit raw key in lower-case hex ever reaches PRAGMA key. PRAGMA takes no bound
# parameters, so anything else would be string-formatted SQL (injection, broken quoting).
KEY_RE = re.compile(r"^[0-9a-f]{64}$")

PLAINTEXT_MAGIC = b"SQLite format 3\x00"
PAGE_SIZE = 4096

# E6: the exact settings this build must run with. A different list means another wheel (or a
# downgrade) got linked: refuse rather than write a file a later version cannot read.
EXPECTED_CIPHER_SETTINGS = (
    "PRAGMA kdf_iter = 256000;",
    "PRAGMA cipher_page_size = 4096;",
    "PRAGMA cipher_use_hmac = 1;",
    "PRAGMA cipher_plaintext_header_size = 0;",
    "PRAGMA cipher_hmac_algorithm = HMAC_SHA512;",
    "PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_SHA512;",
)
EXPECTED_PROVIDER = "openssl"

BUSY_TIMEOUT_MS = 5000

# Pragmas that may never run once a connection is set up: changing the key outside the
# two-phase rekey, sending temp pages to disk in plaintext (pitfall 4), weakening durability or
# deletion, or touching the schema behind SQLite's back.
_DENIED_PRAGMAS = frozenset({
    "key", "rekey", "hexkey", "hexrekey", "textkey", "textrekey",
    "temp_store", "temp_store_directory", "data_store_directory",
    "writable_schema", "trusted_schema", "secure_delete", "synchronous",
    "journal_mode", "foreign_keys", "locking_mode", "mmap_size", "query_only",
})
# Read-only cipher pragmas used by health checks; every other cipher_* is denied.
_ALLOWED_CIPHER_PRAGMAS = frozenset({
    "cipher_version", "cipher_provider", "cipher_provider_version",
    "cipher_integrity_check", "cipher_settings",
})
_DENIED_FUNCTIONS = frozenset({"load_extension", "sqlcipher_export", "writefile", "readfile"})


def validate_key(key_hex: str) -> str:
    """Return ``key_hex`` if it is 64 lower-case hex digits; never echo it in the error."""
    if not isinstance(key_hex, str) or not KEY_RE.fullmatch(key_hex):
        raise VaultError("Internal error: the vault key has the wrong shape.", "Nothing was changed.")
    return key_hex


def _key_pragma(name: str, key_hex: str) -> str:
    return f"PRAGMA {name} = \"x'{validate_key(key_hex)}'\""


class Guard:
    """The authorizer: refuses ATTACH/DETACH and dangerous pragmas once setup is done.

    A few internal operations need one of them (VACUUM INTO attaches its target; rekey runs
    PRAGMA rekey); they open a short, explicit window with :meth:`allow`.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._attach: str | None = None
        self._rekey = False
        self.denied = 0

    @contextlib.contextmanager
    def allow(self, *, attach: str | None = None, rekey: bool = False) -> Iterator[None]:
        with self._lock:
            self._attach, self._rekey = attach, rekey
        try:
            yield
        finally:
            with self._lock:
                self._attach, self._rekey = None, False

    def __call__(self, action: int, arg1: str | None, arg2: str | None,
                 dbname: str | None, source: str | None) -> int:
        # Never log the arguments: for PRAGMA key they hold the key.
        if action == sqlcipher3.SQLITE_ATTACH:
            if self._attach is not None and arg1 == self._attach:
                return sqlcipher3.SQLITE_OK
            return self._deny()
        if action == sqlcipher3.SQLITE_DETACH:
            # VACUUM INTO detaches its own target at the end.
            if self._attach is not None:
                return sqlcipher3.SQLITE_OK
            return self._deny()
        if action == sqlcipher3.SQLITE_PRAGMA:
            name = (arg1 or "").lower()
            if name == "rekey" and self._rekey:
                return sqlcipher3.SQLITE_OK
            if name in _DENIED_PRAGMAS and (arg2 is not None or name in {"key", "rekey"}):
                return self._deny()
            if name.startswith("cipher") and name not in _ALLOWED_CIPHER_PRAGMAS:
                return self._deny()
            return sqlcipher3.SQLITE_OK
        if action == sqlcipher3.SQLITE_FUNCTION and (arg2 or "").lower() in _DENIED_FUNCTIONS:
            return self._deny()
        return sqlcipher3.SQLITE_OK

    def _deny(self) -> int:
        self.denied += 1
        return sqlcipher3.SQLITE_DENY


def chmod_owner_only(path: Path) -> None:
    """E8: owner-only modes on the DB and its WAL/SHM, whatever the umask."""
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        try:
            os.chmod(p, 0o600)
        except FileNotFoundError:
            pass
        except OSError:  # e.g. FAT: no modes; the content is still encrypted
            log.debug("could not chmod a vault file")


def ensure_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(path, 0o700)
    except OSError:
        log.debug("could not chmod the vault dir")


def create_private_file(path: Path) -> None:
    """Create an empty file 0600 with O_EXCL: no window where it is world-readable (pitfall 7)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    os.close(fd)


def read_header(path: Path) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(16)


def _check_cipher(conn: Connection) -> None:
    """E5/E6: the linked library is SQLCipher with the settings this build was tested with."""
    row = conn.execute("PRAGMA cipher_version").fetchone()
    if not row or not row[0]:
        raise VaultError("This Coffer build is linked against plain SQLite, not SQLCipher.",
                         "Reinstall Coffer; nothing was written.")
    settings = tuple(r[0] for r in conn.execute("PRAGMA cipher_settings").fetchall())
    provider = conn.execute("PRAGMA cipher_provider").fetchone()
    if settings != EXPECTED_CIPHER_SETTINGS or not provider or provider[0] != EXPECTED_PROVIDER:
        raise VaultError("This Coffer build uses unexpected encryption settings.",
                         "Reinstall Coffer; nothing was written.")


def is_disk_full(exc: BaseException) -> bool:
    return getattr(exc, "sqlite_errorname", "") == "SQLITE_FULL" or "disk is full" in str(exc)


def translate(exc: BaseException) -> VaultError:
    """Map a sqlcipher3 error to one a person can read (never includes SQL or values)."""
    name = getattr(exc, "sqlite_errorname", "")
    # Only the error class and SQLite's code name: messages can quote a search or a value.
    log.warning("vault error %s (%s)", type(exc).__name__, name or "no code")
    if is_disk_full(exc):
        return DiskFull("The disk is full: the last change was not saved.")
    if name in {"SQLITE_CORRUPT", "SQLITE_NOTADB"} or "malformed" in str(exc):
        return VaultDamaged("The vault file is damaged.")
    if name in {"SQLITE_BUSY", "SQLITE_LOCKED"} or "locked" in str(exc):
        return VaultError("The vault is busy (is Coffer open twice?).",
                          "Close the other Coffer window and try again.")
    if name in {"SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM"} or name.startswith("SQLITE_IOERR"):
        return VaultError("The vault file could not be written.",
                          "Check that the disk is present and writable.")
    return VaultError("The vault reported an unexpected error.", "See the log for details.")


def _classify_unreadable(path: Path, exc: BaseException, *, key_verified: bool) -> VaultError:
    """Pitfall 2: wrong key, foreign file and damage all read as NOTADB. Tell them apart with
    the header bytes plus the key-check value (``key_verified``) kept beside the vault."""
    try:
        header = read_header(path)
        size = path.stat().st_size
    except OSError:
        return VaultError("The vault file could not be read.", "Check the disk and permissions.")
    if header == PLAINTEXT_MAGIC:
        return VaultNotRecognised("The vault file is an unencrypted SQLite database, not a Coffer vault.")
    if size == 0:
        return VaultDamaged("The vault file is empty (it may have been truncated).")
    if is_disk_full(exc):
        return DiskFull("The disk is full, so the vault could not be opened.")
    if key_verified:
        return VaultDamaged("The vault file is damaged: the key is right but the file does not decrypt.")
    return WrongPassphrase("The key or passphrase does not open this vault.")


def connect(path: Path, key_hex: str, *, create: bool = False, readonly: bool = False,
            key_verified: bool = True, guard: Guard | None = None,
            immutable: bool = False) -> Connection:
    """Open (or, with ``create``, make) the vault at ``path`` keyed with ``key_hex``.

    Never creates a database over an existing file, and never over one it cannot open
    (Signal #5097): a failure is classified and raised, the file is left byte-identical.
    """
    validate_key(key_hex)
    path = Path(path)
    exists = path.exists()
    if create and exists:
        raise VaultError("A vault already exists here; Coffer will not replace it.", "Nothing was changed.")
    if not create and not exists:
        raise VaultError("The vault file is missing.", "Restore a backup (coffer restore BACKUP).")
    if exists:
        try:
            header = read_header(path)
        except OSError as exc:
            raise VaultError("The vault file could not be read.", "Check the disk and permissions.") from exc
        if header == PLAINTEXT_MAGIC:
            raise VaultNotRecognised("The vault file is an unencrypted SQLite database, not a Coffer vault.")
        if path.stat().st_size == 0:
            raise VaultDamaged("The vault file is empty (it may have been truncated).")
    else:
        ensure_private_dir(path.parent)
        create_private_file(path)
    created = not exists

    if readonly:
        # ``immutable`` (no WAL present): look without creating -wal/-shm or taking locks, so a
        # probe of a damaged vault leaves the folder exactly as it was.
        target = f"file:{quote(path.as_posix())}?mode=ro" + ("&immutable=1" if immutable else "")
        uri = True
    else:
        target, uri = str(path), False
    try:
        conn = sqlcipher3.connect(target, uri=uri, isolation_level=None, check_same_thread=False,
                                  timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlcipher3.Error as exc:
        raise translate(exc) from None
    try:
        # E5 / pitfall 1: the key is the FIRST statement on every connection. Any statement
        # before it on a new file silently makes a plaintext database.
        conn.execute(_key_pragma("key", key_hex))
        # Pitfall 15: SQLCipher logs HMAC failures to stderr; keep them out of user output.
        conn.execute("PRAGMA cipher_log_level = NONE")
        _check_cipher(conn)
        try:
            # Pitfall 2: PRAGMA key always says ok; the first read surfaces a wrong key.
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            raise _classify_unreadable(path, exc, key_verified=key_verified) from None
        _harden(conn, readonly=readonly)
        conn.set_authorizer(guard or Guard())
    except BaseException:
        conn.close()
        if created:  # our own new, empty file: leave no 0-byte "vault" that later reads as damaged
            for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                with contextlib.suppress(OSError):
                    p.unlink()
        raise
    if not readonly:
        chmod_owner_only(path)
    return conn


def _harden(conn: Connection, *, readonly: bool) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA temp_store = MEMORY")  # pitfall 4: never plaintext temp files
    conn.execute("PRAGMA secure_delete = ON")  # pitfall 9 / E9: zero freed pages
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if not readonly:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise VaultError("The vault could not switch to crash-safe mode.", "Check the disk.")
        conn.execute("PRAGMA synchronous = FULL")  # C1/C3: a COMMIT that returned is on disk
    if conn.execute("PRAGMA temp_store").fetchone()[0] != 2:
        raise VaultError("Temporary storage could not be kept in memory.", "Reinstall Coffer.")


def health_check(conn: Connection, *, cipher_pages: bool = True) -> None:
    """C8: structure (every page read through the WAL, each HMAC-checked on the way) and, with
    ``cipher_pages``, every page of the main file including free ones.

    cipher_integrity_check reads the main file directly, ignoring the WAL: with committed but
    not yet checkpointed frames (e.g. a rekey killed before its checkpoint) it reports pages
    the WAL supersedes. Run it only when the WAL is empty or after a checkpoint."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in rows] != [("ok",)]:
            raise VaultDamaged("The vault file is damaged (structure check failed).")
        if cipher_pages and conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise VaultDamaged("The vault file is damaged (encryption check failed).")
    except sqlcipher3.DatabaseError as exc:
        if is_disk_full(exc):
            raise DiskFull("The disk is full.") from None
        raise VaultDamaged("The vault file is damaged.") from None


def wal_pending(path: Path) -> bool:
    """True if a WAL with frames sits beside ``path`` (committed pages not yet in the file)."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def rekey(conn: Connection, guard: Guard, new_key_hex: str) -> None:
    """PRAGMA rekey under an explicit guard window (atomic in SQLCipher, pitfall 14)."""
    with guard.allow(rekey=True):
        conn.execute(_key_pragma("rekey", new_key_hex))


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def vacuum_into(conn: Connection, guard: Guard, dest: Path) -> None:
    """E7: encrypted copy with the same key. ``dest`` must not exist; made 0600 first."""
    create_private_file(dest)
    try:
        with guard.allow(attach=str(dest)):
            conn.execute("VACUUM INTO ?", (str(dest),))
        with open(dest, "rb+") as fh:
            os.fsync(fh.fileno())
    except BaseException as exc:
        with contextlib.suppress(OSError):
            dest.unlink()  # our own partial copy, never the vault
        if isinstance(exc, sqlcipher3.Error):
            raise translate(exc) from None
        raise
