"""Crash safety: kill -9 during writes, disk full, migration backup, no stray importers (C1-C4)."""
from __future__ import annotations

import ast
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core.errors import DiskFull
from desktop_app.storage import schema
from desktop_app.storage.vault import Vault

ROOT = Path(__file__).resolve().parents[2]
BATCH = 50

def _writer(path: Path, key: str, out: int) -> None:
    """The child: commits batches of BATCH documents (one transaction each) and reports the
    acknowledged total on ``out`` after every COMMIT returned. Never returns."""
    try:
        v = Vault.open(path, key)
        n = v.count_documents()
        os.write(out, f"{n}\n".encode())
        while True:
            with v._write() as conn:
                for _ in range(BATCH):
                    cur = conn.execute(
                        "INSERT INTO documents (sha256, name, media_type, size, added_at) "
                        "VALUES (?, ?, 'text/plain', 100, 'now')", (os.urandom(32).hex(), f"doc {n}"))
                    conn.execute("INSERT INTO contents (doc_id, data) VALUES (?, ?)",
                                 (cur.lastrowid, os.urandom(700)))
                    n += 1
            os.write(out, f"{n}\n".encode())
    finally:
        os._exit(1)


def _kill_loop(tmp_path: Path, key: str, rounds: int) -> None:
    path = tmp_path / "vault.db"
    Vault.open(path, key, create=True).close()
    rng = random.Random(1234)
    for i in range(rounds):
        r, w = os.pipe()
        pid = os.fork()  # a real separate process, without paying for a new interpreter
        if pid == 0:
            os.close(r)
            _writer(path, key, w)
        os.close(w)
        reader = os.fdopen(r)
        acked = int(reader.readline())
        time.sleep(rng.uniform(0.05, 0.35))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        acked = max([acked, *map(int, reader.read().split())])
        reader.close()
        with Vault.open(path, key) as v:  # opening runs quick_check + cipher_integrity_check
            n = v.count_documents()
            assert n >= acked, f"round {i}: {n} rows after reopen, {acked} acknowledged"
            assert n % BATCH == 0, f"round {i}: a partial transaction survived ({n})"
            assert v.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert v.conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
    assert n > 0


def test_kill9_during_batch_writes_25_times(tmp_path: Path, key: str) -> None:
    """C1: nothing acknowledged is lost, no partial batch, integrity checks clean."""
    start = time.monotonic()
    _kill_loop(tmp_path, key, 25)
    assert time.monotonic() - start < 60


@pytest.mark.slow
def test_kill9_during_batch_writes_200_times(tmp_path: Path, key: str) -> None:
    _kill_loop(tmp_path, key, 200)


_DISK_FULL = r"""
import os, sys
sys.path.insert(0, sys.argv[3])
from desktop_app.core.errors import DiskFull
from desktop_app.storage.vault import Vault
v = Vault.open(sys.argv[1], sys.argv[2], create=True)
ok = 0
try:
    for i in range(10_000):
        v.add_document(name=f"d{i}", sha256=os.urandom(32).hex(), media_type="x", content=os.urandom(20_000))
        ok += 1
except DiskFull as exc:
    print("FULL", ok, str(exc), flush=True)
v.close()
v = Vault.open(sys.argv[1], sys.argv[2])
v.check()
print("AFTER", v.count_documents(), flush=True)
# Backups into a full disk fail cleanly too, leaving no partial copy behind.
try:
    v.backup_to(os.path.join(os.path.dirname(sys.argv[1]), "backup.db"))
    print("BACKUP ok")
except DiskFull:
    print("BACKUP full", os.path.exists(os.path.join(os.path.dirname(sys.argv[1]), "backup.db")))
"""


def test_disk_full_is_reported_and_earlier_commits_survive(tmp_path: Path, key: str) -> None:
    """C4: a 3 MB tmpfs in a private mount namespace; DiskFull, then everything before intact."""
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("unshare/mount not available")
    mnt = tmp_path / "small"
    mnt.mkdir()
    script = (f'mount -t tmpfs -o size=3m coffer-test "{mnt}" && '
              f'exec "{sys.executable}" -c "$0" "{mnt}/vault.db" {key} "{ROOT}"')
    cmd = ["unshare", "-m", "sh", "-c", script, _DISK_FULL]
    if os.geteuid() != 0:
        cmd.insert(1, "-r")
    probe = subprocess.run(["unshare", "-m", "true"] if os.geteuid() == 0 else ["unshare", "-rm", "true"],
                           capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a mount namespace here")
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    lines = out.stdout.splitlines()
    assert out.returncode == 0, out.stderr[-2000:]
    full = next(line for line in lines if line.startswith("FULL"))
    ok = int(full.split()[1])
    assert ok > 10 and "disk is full" in full.lower()
    assert f"AFTER {ok}" in lines
    assert "BACKUP full False" in lines


def test_disk_full_maps_to_diskfull(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    """The error a person sees for SQLITE_FULL, even where no tmpfs can be mounted."""
    from desktop_app.storage import connection as dbc

    exc = dbc.sqlcipher3.OperationalError("database or disk is full")
    assert isinstance(dbc.translate(exc), DiskFull)


def test_migration_takes_a_backup_and_is_idempotent(tmp_path: Path, key: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Vorta pattern: VACUUM INTO before migrating; a failing step rolls back and re-runs."""
    path = tmp_path / "vault.db"
    v = Vault.open(path, key, create=True)
    v.add_document(name="a", sha256="a" * 64, media_type="x", content=b"a")
    v.close()
    base = schema.LATEST
    broken = schema.MIGRATIONS + ["ALTER TABLE documents ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;\n"
                                  "SELECT no_such_function();"]
    monkeypatch.setattr(schema, "MIGRATIONS", broken)
    monkeypatch.setattr(schema, "LATEST", len(broken))
    from desktop_app.core.errors import VaultError

    with pytest.raises(VaultError):
        Vault.open(path, key)
    backups = list((tmp_path / "backups").glob(f"vault-v{base}-before-migration-*.db"))
    assert len(backups) == 1 and oct(backups[0].stat().st_mode & 0o777) == "0o600"
    fixed = schema.MIGRATIONS[:-1] + ["ALTER TABLE documents ADD COLUMN starred INTEGER NOT NULL DEFAULT 0;"]
    monkeypatch.setattr(schema, "MIGRATIONS", fixed)
    with Vault.open(path, key) as v:
        assert schema.user_version(v.conn) == base + 1
        assert v.count_documents() == 1
    from desktop_app.storage import connection as dbc

    old = dbc.connect(backups[0], key, readonly=True)
    assert schema.user_version(old) == base
    old.close()


def test_newer_schema_is_refused(tmp_path: Path, key: str) -> None:
    from desktop_app.core.errors import VaultError

    path = tmp_path / "vault.db"
    v = Vault.open(path, key, create=True)
    with v._guard.allow():
        v.conn.execute(f"PRAGMA user_version = {schema.LATEST + 5}")
    v.close()
    with pytest.raises(VaultError, match="newer version"):
        Vault.open(path, key)


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__" and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                names.add(arg.value.split(".")[0])
    return names


def test_only_storage_imports_sqlcipher3_and_only_secrets_imports_keyring() -> None:
    """ARCHITECTURE rule 5 / E5: one way to open the DB, one place that touches the keychain."""
    app = ROOT / "desktop_app"
    for path in app.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        names = _imports(path)
        if "sqlcipher3" in names or "pysqlcipher3" in names:
            assert rel.startswith("desktop_app/storage/"), rel
        if "sqlite3" in names:
            raise AssertionError(f"{rel} imports stdlib sqlite3 (plaintext); use desktop_app.storage")
        if "keyring" in names or "keyrings" in names:
            assert rel == "desktop_app/system/secrets.py", rel
    storage_sql = [p for p in (app / "storage").rglob("*.py") if "sqlcipher3.connect" in p.read_text()]
    assert [p.name for p in storage_sql] == ["connection.py"]


def test_old_v1_vault_is_migrated_with_backup(tmp_path: Path, key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A vault made at schema v1 opens with the current code: backup first, then upgraded."""
    path = tmp_path / "vault.db"
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])
    monkeypatch.setattr(schema, "LATEST", 1)
    with Vault.open(path, key, create=True) as v:
        v.add_document(name="a", sha256="a" * 64, media_type="x", content=b"a")
    monkeypatch.undo()
    with Vault.open(path, key) as v:
        assert schema.user_version(v.conn) == schema.LATEST
        assert v.count_documents() == 1
    assert len(list((tmp_path / "backups").glob("vault-v1-before-migration-*.db"))) == 1


def test_two_connections_share_the_vault(tmp_path: Path, key: str) -> None:
    """C9: a GUI thread and a worker (each with its own keyed connection) both write; WAL and
    busy_timeout keep 'database is locked' away from the person."""
    import threading

    path = tmp_path / "vault.db"
    Vault.open(path, key, create=True).close()
    a, b = Vault.open(path, key), Vault.open(path, key)
    errors: list[BaseException] = []

    def writer(v: Vault, prefix: str) -> None:
        try:
            for i in range(40):
                v.add_document(name=f"{prefix}{i}", sha256=f"{prefix}{i:063x}"[:64], media_type="x", content=b"x")
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(a, "a")), threading.Thread(target=writer, args=(b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert a.count_documents() == b.count_documents() == 80
    a.close()
    b.close()
