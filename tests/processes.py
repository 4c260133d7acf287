"""Helpers for tests that launch the app as a real process."""
from __future__ import annotations

import subprocess
import time
from pathlib import Path


def stop(proc: subprocess.Popen) -> tuple[str, str]:
    """Terminate ``proc`` (killed if it does not end within 20 s); its stdout and stderr."""
    proc.terminate()
    try:
        return proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 60) -> bool:
    """Whether ``path`` appears (a socket the app listens on) before ``proc`` ends or time runs out."""
    deadline = time.monotonic() + seconds
    while not path.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
    return path.exists()
