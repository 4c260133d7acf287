"""The person's preferences in settings.json (no secrets, no document names or values)."""
from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

LANGUAGES = {"en": "English"}  # the UI is written in English only for now


@dataclass
class Prefs:
    model_path: str = ""  # empty: the verified default Gemma 3 270M
    threads: int = 0  # 0: let llama.cpp decide
    autolock_minutes: int = 10  # 0: never
    clipboard_seconds: int = 30
    language: str = "en"

    @classmethod
    def load(cls, path: Path) -> Prefs:
        try:
            data: dict[str, Any] = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError):
            data = {}
        prefs = cls()
        for f in fields(cls):
            key = "model_path" if f.name == "model_path" else f.name
            if key in data and data[key] is not None:
                with contextlib.suppress(TypeError, ValueError):
                    setattr(prefs, f.name, type(getattr(prefs, f.name))(data[key]))
        return prefs

    def save(self, path: Path) -> None:
        """Keeps keys other modules wrote; replaces the file atomically."""
        path = Path(path)
        try:
            data = json.loads(path.read_text("utf-8"))
            if not isinstance(data, dict):
                data = {}
        except (OSError, ValueError):
            data = {}
        data.update(asdict(self))
        # main.make_engine_factory reads these two; None means "the default"
        data["model_path"] = self.model_path or None
        data["threads"] = self.threads or None
        tmp = path.with_name(path.name + ".partial")
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True), "utf-8")
        os.replace(tmp, path)
