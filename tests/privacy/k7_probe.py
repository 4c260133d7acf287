"""A sandbox worker target for the K7 test: instead of reading the file, it reports which
environment variables that look like secrets the parse worker (the process that handles hostile
files) can see, and what its command line is. Never used by the app."""
from __future__ import annotations

import os
import re
from pathlib import Path

from desktop_app.core.entities import ParsedDocument

SECRETISH = re.compile(r"PASS|KEY|SECRET|TOKEN|RECOVERY", re.IGNORECASE)


def read_document(path: Path, *, password: str | None = None, limits: object = None) -> ParsedDocument:
    names = sorted(k for k in os.environ if SECRETISH.search(k))
    values = [os.environ[k] for k in names]
    cmdline = Path("/proc/self/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace") \
        if Path("/proc/self/cmdline").exists() else ""
    text = "\n".join(["ENV " + " ".join(names), "VALUES " + " ".join(values), "CMDLINE " + cmdline])
    return ParsedDocument.from_text(text)
