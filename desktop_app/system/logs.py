"""Logging to an owner-only file. Messages carry events and timings, never document text."""
from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path


def configure(directory: Path, *, verbose: bool = False) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "coffer.log"
    # Create the file 0600 before the handler opens it: logs are nobody else's business.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)
    root = logging.getLogger("coffer")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=2,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path
