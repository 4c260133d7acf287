"""Running the reader in a throwaway child process with memory, CPU and wall-time limits."""
from __future__ import annotations

import importlib
import json
import math
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.entities import ParsedDocument, TextLine
from desktop_app.core.errors import (
    Cancelled,
    DamagedDocument,
    DocumentError,
    DocumentTooLarge,
    ParserCrashed,
    PasswordRequired,
    UnsupportedDocument,
)
from desktop_app.core.jobs import CancelToken

from .limits import Limits

# Errors the child may report by name; anything else becomes ParserCrashed. The parent never
# unpickles what the child sends (a child that parsed a hostile file is not trusted): JSON only.
_ERRORS: dict[str, type[DocumentError]] = {
    cls.__name__: cls
    for cls in (DocumentError, UnsupportedDocument, DocumentTooLarge, DamagedDocument,
                PasswordRequired, ParserCrashed)
}
MAX_RESULT_BYTES = 256 * 1024 * 1024
REQUEST_BYTES = 1024 * 1024  # main() reads this much of stdin as its JSON request


@dataclass
class WorkerStats:
    """What the last worker cost (for the bench and the log; never holds document text)."""

    seconds: float = 0.0
    peak_rss_bytes: int | None = None
    exit: str = ""
    pid: int | None = None


def _set_limits(limits: Limits) -> None:
    import resource

    def cap(which: int, soft: int, hard: int | None = None) -> None:
        _, current_hard = resource.getrlimit(which)
        hard = soft if hard is None else hard
        if current_hard != resource.RLIM_INFINITY:
            soft, hard = min(soft, current_hard), min(hard, current_hard)
        resource.setrlimit(which, (soft, hard))

    cap(resource.RLIMIT_AS, limits.max_memory_bytes)
    cpu = int(math.ceil(limits.max_seconds * max(1, limits.ocr_threads) + limits.startup_seconds))
    # OCR threads spend CPU seconds faster than the wall clock runs.
    cap(resource.RLIMIT_CPU, cpu, cpu + 5)  # SIGXCPU first, SIGKILL if it is ignored
    cap(resource.RLIMIT_CORE, 0)  # a core dump would write the document's contents to disk


def _peak_rss() -> int | None:
    """This process's own peak RSS. Linux's ru_maxrss would also count the parent's memory
    (it survives the exec of a forked child), so /proc's per-process VmHWM comes first."""
    own = _vm_hwm("self")
    if own is not None:
        return own
    try:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return kb * 1024 if sys.platform != "darwin" else kb
    except (ImportError, OSError):
        return None


def _vm_hwm(pid: int | str) -> int | None:
    """Peak resident memory of a process from /proc (Linux), None elsewhere."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def _no_network() -> None:
    """The app's network guard is not installed in this fresh interpreter: a reader has no
    business with sockets, so Python-level ones are refused outright."""
    import socket

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise OSError("Coffer's document reader has no network access.")

    socket.socket = refuse  # type: ignore[assignment,misc]
    socket.create_connection = refuse  # type: ignore[assignment]
    socket.getaddrinfo = refuse  # type: ignore[assignment]


def main() -> None:
    """Child entry point: read one request on stdin, answer one JSON message on stdout.

    Everything else the child or its libraries print goes to /dev/null, so a chatty library
    cannot corrupt the answer.
    """
    answer = os.fdopen(os.dup(1), "wb")
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    request = json.loads(sys.stdin.buffer.read(REQUEST_BYTES).decode("utf-8"))
    for entry in reversed(request.get("sys_path", [])):
        if entry not in sys.path:
            sys.path.insert(0, entry)
    limits = Limits.from_dict(request["limits"])
    _no_network()
    try:
        if sys.platform != "win32":
            _set_limits(limits)
        module, _, name = str(request["target"]).partition(":")
        func = getattr(importlib.import_module(module), name)
        doc = func(Path(request["path"]), password=request.get("password"), limits=limits)
        message: dict[str, Any] = {"ok": True, "doc": document_to_json(doc)}
    except DocumentError as exc:
        message = {"ok": False, "error": type(exc).__name__, "message": exc.message,
                   "hint": exc.hint}
    except MemoryError:
        message = {"ok": False, "error": "DocumentTooLarge",
                   "message": "The document needs more memory than Coffer allows for one file."}
    except BaseException as exc:  # noqa: BLE001 - anything else is a reader failure
        message = {"ok": False, "error": "ParserCrashed",
                   "message": f"The reader failed on this file ({type(exc).__name__})."}
    message["peak_rss"] = _peak_rss()
    answer.write(json.dumps(message).encode("utf-8"))
    answer.flush()
    answer.close()


def document_to_json(doc: ParsedDocument) -> dict[str, Any]:
    return {
        "text": doc.text,
        "lines": [[ln.start, ln.end, ln.page, list(ln.box) if ln.box else None, ln.confidence]
                  for ln in doc.lines],
        "media_type": doc.media_type,
        "page_count": doc.page_count,
        "page_sizes": [list(size) for size in doc.page_sizes],
        "ocr_used": doc.ocr_used,
        "ocr_confidence": doc.ocr_confidence,
        "warnings": list(doc.warnings),
    }


def document_from_json(data: dict[str, Any]) -> ParsedDocument:
    """Rebuild and type-check what the child sent; malformed data is a crashed reader."""
    try:
        text = data["text"]
        if not isinstance(text, str):
            raise TypeError("text")
        lines = []
        for start, end, page, box, conf in data["lines"]:
            if not (0 <= int(start) <= int(end) <= len(text)):
                raise ValueError("line outside the text")
            lines.append(TextLine(int(start), int(end), int(page),
                                  tuple(float(v) for v in box) if box else None,  # type: ignore[arg-type]
                                  float(conf) if conf is not None else None))
        return ParsedDocument(
            text=text, lines=lines, media_type=str(data["media_type"]),
            page_count=int(data["page_count"]),
            page_sizes=[(float(w), float(h)) for w, h in data["page_sizes"]],
            ocr_used=bool(data["ocr_used"]),
            ocr_confidence=float(data["ocr_confidence"]) if data["ocr_confidence"] is not None else None,
            warnings=[str(w) for w in data["warnings"]],
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ParserCrashed("The document reader sent back a malformed result.") from exc


def child_env() -> dict[str, str]:
    """The environment minus anything secret: a child that parses a hostile file must not hold
    the vault's passphrase or recovery key."""
    return {k: v for k, v in os.environ.items()
            if not any(word in k.upper() for word in _SECRET_WORDS)}


_SECRET_WORDS = ("PASSPHRASE", "PASSWORD", "RECOVERY", "SECRET", "TOKEN", "CREDENTIAL")


def worker_command() -> list[str]:
    """How to start a worker: this interpreter, or the frozen app with a hidden flag."""
    if getattr(sys, "frozen", False):
        # The packaged app's entry point must hand this flag to sandbox.main() first thing.
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-c", "from desktop_app.ingestion.sandbox import main; main()"]


WORKER_FLAG = "--coffer-reader-worker"


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker and anything it started
    except (AttributeError, ProcessLookupError, PermissionError, OSError):
        pass
    try:
        proc.kill()
    except OSError:
        pass


def _wait(proc: subprocess.Popen[bytes], block: bool) -> int | None:
    """The exit status once the child has exited (reaping it), else None."""
    if block:
        try:
            return proc.wait(10)
        except subprocess.TimeoutExpired:
            return None
    return proc.poll()


@dataclass(frozen=True)
class Wording:
    """What the person is told when a worker fails, in the words of the job it was doing."""

    doing: str = "Reading the document"
    too_big: str = "The document's text is too large to keep."
    crashed: str = "The document reader crashed on this file"
    malformed: str = "The document reader sent back a malformed result."
    failed: str = "The document could not be read."


READING = Wording()


def run_worker(request: dict[str, Any], *, limits: Limits, cancel: CancelToken | None,
               stats: WorkerStats, content: bytes = b"", max_answer: int = MAX_RESULT_BYTES,
               wording: Wording = READING) -> dict[str, Any]:
    """One child process, one request, one JSON answer (a dict with "ok" true), or a typed
    DocumentError. ``content`` (a document's bytes) follows the request through the pipe — never
    to disk; the password travels in the request, never on the command line."""
    data = json.dumps({**request, "limits": limits.to_dict(),
                       "sys_path": [p for p in sys.path if p]}).encode("utf-8")
    if content:
        if len(data) > REQUEST_BYTES:
            raise ParserCrashed(f"{wording.crashed} (request too long).")
        data += b" " * (REQUEST_BYTES - len(data))  # main() reads a fixed-size request first
    started = time.monotonic()
    deadline = started + limits.max_seconds + limits.startup_seconds
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        worker_command(), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL, start_new_session=True, close_fds=True,
        env=child_env())  # no passphrase or recovery key in a child that parses hostile bytes
    stats.pid = proc.pid
    chunks: list[bytes] = []
    too_big = threading.Event()

    def feed() -> None:
        assert proc.stdin is not None
        try:
            proc.stdin.write(data)
            view = memoryview(content)
            for at in range(0, len(content), 1 << 20):
                proc.stdin.write(view[at:at + (1 << 20)])
            proc.stdin.close()
        except (OSError, ValueError):
            pass  # the child died or was killed: its exit status tells why

    def pump() -> None:  # read the answer as it comes, so a big one cannot block the child
        assert proc.stdout is not None
        size = 0
        while chunk := proc.stdout.read(1 << 16):
            size += len(chunk)
            if size > max_answer:
                too_big.set()
                return
            chunks.append(chunk)

    threads = [threading.Thread(target=feed, daemon=True, name="coffer-worker-in"),
               threading.Thread(target=pump, daemon=True, name="coffer-worker-out")]
    for t in threads:
        t.start()
    outcome = ""
    try:
        while _wait(proc, block=False) is None:
            # Sampled while it runs, so a worker we have to kill still has a figure.
            hwm = _vm_hwm(proc.pid)
            if hwm:
                stats.peak_rss_bytes = max(stats.peak_rss_bytes or 0, hwm)
            if cancel is not None and cancel.cancelled:
                outcome = "cancelled"
            elif time.monotonic() > deadline:
                outcome = "timeout"
            elif too_big.is_set():
                outcome = "too big"
            if outcome:
                break
            time.sleep(0.02)
    finally:
        if proc.returncode is None:
            _kill(proc)
            _wait(proc, block=True)
        for t in threads:
            t.join(5)
        if proc.stdout is not None:
            proc.stdout.close()
        stats.seconds = time.monotonic() - started
        stats.exit = outcome or _describe_exit(proc.returncode)
    if outcome == "cancelled":
        raise Cancelled()
    if outcome == "timeout":
        raise DocumentTooLarge(
            f"{wording.doing} took longer than {limits.max_seconds:g} seconds and was stopped.")
    if outcome == "too big":
        raise DocumentTooLarge(wording.too_big)
    payload = b"".join(chunks)
    if not payload:
        raise _crash_error(stats.exit, limits, wording)
    try:
        message = json.loads(payload.decode("utf-8"))
        if not isinstance(message, dict):
            raise ValueError("not an object")
    except (UnicodeDecodeError, ValueError) as exc:
        raise ParserCrashed(wording.malformed) from exc
    if isinstance(message.get("peak_rss"), int):
        stats.peak_rss_bytes = max(stats.peak_rss_bytes or 0, message["peak_rss"])
    if not message.get("ok"):
        cls = _ERRORS.get(str(message.get("error")), ParserCrashed)
        text = str(message.get("message") or wording.failed)[:500]
        hint = message.get("hint")
        raise cls(text, str(hint)[:500] if hint else None)
    return message


def run_sandboxed(path: Path, *, password: str | None, limits: Limits,
                  cancel: CancelToken | None, target: str, stats: WorkerStats) -> ParsedDocument:
    message = run_worker({"path": str(path), "password": password, "target": target},
                         limits=limits, cancel=cancel, stats=stats)
    return document_from_json(message.get("doc") or {})


def _describe_exit(code: int | None) -> str:
    if code is None:
        return "unknown"
    if code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            return f"signal {-code}"
    return f"exit {code}"


def _crash_error(exit_text: str, limits: Limits, wording: Wording = READING) -> DocumentError:
    if exit_text in ("SIGXCPU", "SIGKILL"):
        return DocumentTooLarge(
            f"{wording.doing} used more than its time or memory allowance "
            f"({limits.max_seconds:g} s) and was stopped."
        )
    return ParserCrashed(f"{wording.crashed} ({exit_text}).")
