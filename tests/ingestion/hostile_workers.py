"""Misbehaving stand-ins for read_document, run inside the sandbox by the tests."""
from __future__ import annotations

import ctypes
import os
import sys
import time
from pathlib import Path
from typing import Any

from desktop_app.core.entities import ParsedDocument


def segfault(path: Path, **_: Any) -> ParsedDocument:
    ctypes.string_at(0)  # reads address 0: SIGSEGV
    raise AssertionError("unreachable")


def hang(path: Path, **_: Any) -> ParsedDocument:
    while True:
        time.sleep(0.1)


def spin(path: Path, **_: Any) -> ParsedDocument:
    while True:  # burns CPU until RLIMIT_CPU stops it
        pass


def allocate(path: Path, **_: Any) -> ParsedDocument:
    hog = []
    for _ in range(1000):
        hog.append(bytearray(256 * 1024 * 1024))  # RLIMIT_AS turns this into MemoryError
    raise AssertionError(f"allocated {len(hog)} blocks without a limit")


def chatty(path: Path, **_: Any) -> ParsedDocument:
    print("this must not corrupt the answer")
    os.write(1, b"{not json")
    sys.stdout.flush()
    return ParsedDocument.from_text("fine\n")


def abort(path: Path, **_: Any) -> ParsedDocument:
    os.abort()


def report_limits(path: Path, **_: Any) -> ParsedDocument:
    import json
    import resource

    names = ("RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_CORE")
    limits = {n: resource.getrlimit(getattr(resource, n)) for n in names}
    limits["pgid_is_pid"] = os.getpgid(0) == os.getpid()  # type: ignore[assignment]
    return ParsedDocument.from_text(json.dumps(limits))


def phone_home(path: Path, **_: Any) -> ParsedDocument:
    import socket

    try:
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    except OSError as exc:
        return ParsedDocument.from_text(f"refused: {exc}")
    return ParsedDocument.from_text("connected")


def report_env(path: Path, **_: Any) -> ParsedDocument:
    return ParsedDocument.from_text("\n".join(sorted(os.environ)))
