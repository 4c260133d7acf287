"""One Coffer per vault: a second launch hands its files to the running one and exits.

Double-clicking a receipt while Coffer is open must add it to the open window, not start a
second process on the same vault. The first launch listens on a local channel (a Unix socket in
the owner-only data folder; a named pipe on Windows); a later launch connects, sends the paths
and exits. Both sides prove they know a random key kept in the owner-only config folder
(multiprocessing's HMAC challenge), so no other account can push files into someone's Coffer.
No internet socket is involved: AF_UNIX / named pipes only (the network guard allows them).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
import sys
import tempfile
import threading
from collections.abc import Callable
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path

from .paths import AppPaths

log = logging.getLogger("coffer.instance")
MAX_SOCKET_PATH = 100  # sun_path holds 104–108 bytes depending on the OS
MAX_FILES = 1000  # one hand-over; a file manager passes what the person selected
MAX_MESSAGE = 4_000_000  # bytes of JSON: 1000 long paths


class InstanceLink:
    def __init__(self, paths: AppPaths) -> None:
        self.paths = paths
        tag = hashlib.sha256(str(paths.data.resolve()).encode()).hexdigest()[:16]
        if sys.platform == "win32":
            self.family = "AF_PIPE"
            self.address = rf"\\.\pipe\coffer-{tag}"
        else:
            self.family = "AF_UNIX"
            sock = paths.data / "coffer.sock"
            if len(str(sock)) > MAX_SOCKET_PATH:
                base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
                sock = Path(base) / f"coffer-{tag}.sock"
            self.address = str(sock)
        self._listener: Listener | None = None
        self._thread: threading.Thread | None = None
        self._closed = threading.Event()

    def _key(self) -> bytes:
        """32 random bytes in the config folder (0600), made by whichever launch comes first."""
        path = self.paths.config / "instance.key"
        try:
            key = path.read_bytes()
            if len(key) == 32:
                return key
        except OSError:
            pass
        key = secrets.token_bytes(32)
        self.paths.config.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        os.replace(tmp, path)
        return key

    def hand_over(self, files: list[Path], timeout: float = 5.0) -> bool:
        """Give ``files`` to the Coffer already running on this vault. False if there is none."""
        if sys.platform != "win32" and not Path(self.address).exists():
            return False
        try:
            conn = Client(self.address, family=self.family, authkey=self._key())
        except (OSError, EOFError) as exc:  # nobody listening: a socket left by a crash
            log.info("no running Coffer to hand over to (%s)", type(exc).__name__)
            return False
        except Exception as exc:  # wrong key: another account's Coffer, or a squatter
            log.warning("could not hand over to the running Coffer: %s", type(exc).__name__)
            return False
        with conn:
            conn.send_bytes(json.dumps([str(p) for p in files[:MAX_FILES]]).encode("utf-8"))
            if conn.poll(timeout):
                return conn.recv_bytes(16) == b"ok"
        return False

    def listen(self, on_files: Callable[[list[Path]], None]) -> bool:
        """Become the running Coffer: ``on_files`` is called (on a background thread) with the
        files of every later launch. False if the channel could not be made (Coffer then works
        as before, one window per launch)."""
        if sys.platform != "win32":
            stale = Path(self.address)
            if stale.exists() or stale.is_symlink():
                stale.unlink(missing_ok=True)  # hand_over found nobody there
        try:
            self._listener = Listener(self.address, family=self.family, authkey=self._key())
        except OSError as exc:
            log.warning("single-instance channel unavailable: %s", type(exc).__name__)
            return False
        if sys.platform != "win32":
            os.chmod(self.address, 0o600)
        self._thread = threading.Thread(target=self._serve, args=(on_files,), name="coffer-instance",
                                        daemon=True)
        self._thread.start()
        return True

    def _serve(self, on_files: Callable[[list[Path]], None]) -> None:
        assert self._listener is not None
        while not self._closed.is_set():
            try:
                conn = self._listener.accept()
            except OSError:
                if self._closed.is_set():
                    return
                continue
            except Exception as exc:  # a client without the key: refused, keep serving
                log.warning("refused a hand-over: %s", type(exc).__name__)
                continue
            self._receive(conn, on_files)

    def _receive(self, conn: Connection, on_files: Callable[[list[Path]], None]) -> None:
        with conn:
            try:
                if not conn.poll(5.0):
                    return
                # JSON, never pickle: even a key holder cannot make this process run code
                data = json.loads(conn.recv_bytes(MAX_MESSAGE).decode("utf-8"))
            except (OSError, EOFError, ValueError):
                return
            if not isinstance(data, list) or not all(isinstance(p, str) for p in data):
                return
            files = [Path(p) for p in data[:MAX_FILES]]
            log.info("another launch handed over %d file(s)", len(files))
            try:
                on_files(files)
                conn.send_bytes(b"ok")
            except Exception:  # noqa: BLE001 - the app keeps running whatever the receiver did
                log.exception("handing over files failed")
                conn.send_bytes(b"failed")

    def close(self) -> None:
        self._closed.set()
        if self._listener is not None:
            try:
                self._listener.close()
            except OSError:
                pass
            self._listener = None
