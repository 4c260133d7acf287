"""Progress reporting and cooperative cancellation for long-running synchronous work."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Cancelled


class CancelToken:
    """Set from any thread; checked by the worker between steps (and between tokens)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise Cancelled()


@dataclass(frozen=True)
class Progress:
    stage: str  # queued, reading, ocr, classifying, extracting, summarizing, saving, done, failed
    fraction: float = 0.0  # 0..1 within the current document
    message: str = ""


ProgressCallback = Callable[[Progress], None]


def no_progress(_: Progress) -> None:
    """Default progress callback that ignores updates."""
