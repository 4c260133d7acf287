"""Where Coffer's read-only resources (schemas, samples, models/manifest.toml) live."""
from __future__ import annotations

import os
import sys
from pathlib import Path


def resources_root() -> Path:
    """Source checkout, editable install and frozen bundle all keep resources/ and models/ beside
    the package; COFFER_RESOURCES_ROOT points elsewhere (tests, a relocated bundle)."""
    override = os.environ.get("COFFER_RESOURCES_ROOT")
    if override:
        return Path(override)
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parents[2]
