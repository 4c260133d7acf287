"""Process hardening (SECURITY.md K10): no core dumps, and on Linux not dumpable / not ptraceable
by other processes of the same user. A core file or a debugger attach would expose the vault key
and document text that live in this process's memory."""
from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys

log = logging.getLogger("coffer.hardening")

PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _no_core_dumps() -> str:
    try:
        import resource
    except ImportError:  # Windows: no rlimits; Windows Error Reporting is configured per machine
        return "skipped (no resource module on this OS)"
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError) as exc:
        return f"failed ({type(exc).__name__})"
    return "ok"


def _not_dumpable() -> str:
    if not sys.platform.startswith("linux"):
        return f"skipped (prctl is Linux-only; platform {sys.platform})"
    try:
        libc = _libc()
        if libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
            return f"failed (errno {ctypes.get_errno()})"
    except (OSError, AttributeError) as exc:
        return f"failed ({type(exc).__name__})"
    return "ok"


def harden_process() -> dict[str, str]:
    """Apply what this OS supports; never raises. Returns step → outcome (for the log and tests)."""
    outcome = {"core_dumps": _no_core_dumps(), "dumpable": _not_dumpable()}
    for step, result in outcome.items():
        if result == "ok":
            log.debug("process hardening %s: ok", step)
        else:
            log.info("process hardening %s: %s", step, result)
    return outcome


def is_dumpable() -> int | None:
    """PR_GET_DUMPABLE on Linux (0 = hardened), None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    return int(_libc().prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
