"""Background work: the one inference thread and the 1-thread I/O pool; core callbacks become signals."""
from __future__ import annotations

import logging
import queue
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThread, QThreadPool, Signal, Slot

from desktop_app.core.entities import DocumentRecord
from desktop_app.core.errors import CofferError
from desktop_app.core.jobs import CancelToken, Progress
from desktop_app.core.service import DocumentService

log = logging.getLogger("coffer.gui.workers")

INTERNAL_ERROR = ("Coffer could not handle this file (an unexpected error). Nothing was changed; "
                  "the details are in the log.")


def readable(exc: BaseException) -> str:
    """A line a person can read; never a traceback (that goes to the log, without content)."""
    if isinstance(exc, CofferError):
        return str(exc)
    # Type and code locations only: an exception's message or locals may quote document text.
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
    log.error("unexpected %s in a background task at %s", type(exc).__name__, where)
    return INTERNAL_ERROR


# --- the inference worker: owns every use of the model (llama.cpp is not re-entrant) ---------
@dataclass
class Batch:
    """Files dropped together; one cancel token for all of them."""

    batch_id: int
    paths: list[Path]
    cancel: CancelToken = field(default_factory=CancelToken)


@dataclass
class Reextract:
    doc_id: int
    kind: str | None
    cancel: CancelToken = field(default_factory=CancelToken)


class InferenceSignals(QObject):
    """Lives in the GUI thread; emitted from the worker, so slots run queued in the GUI thread."""

    model_loaded = Signal(str)  # "" when ready, else a readable reason (rules only then)
    file_progressed = Signal(int, int, str, float, str)  # batch, index, stage, fraction, message
    file_finished = Signal(int, int, object, str, bool)  # batch, index, record|None, error, dup
    batch_finished = Signal(int, bool)  # batch, cancelled
    reextract_finished = Signal(int, object, str)  # doc_id, record|None, error


class InferenceWorker(QThread):
    """A queue of jobs run one at a time: model loading, batches of files, re-extractions."""

    def __init__(self, service: DocumentService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.signals = InferenceSignals()
        self._jobs: queue.Queue[Any] = queue.Queue()
        self.setObjectName("coffer-inference")

    # called from the GUI thread
    def load_model(self) -> None:
        self._jobs.put("load")

    def submit(self, job: Batch | Reextract) -> None:
        self._jobs.put(job)

    def stop(self) -> None:
        self._jobs.put(None)

    def run(self) -> None:  # the worker thread
        while True:
            job = self._jobs.get()
            if job is None:
                return
            try:
                if job == "load":
                    self._load()
                elif isinstance(job, Batch):
                    self._run_batch(job)
                elif isinstance(job, Reextract):
                    self._reextract(job)
            except Exception as exc:  # noqa: BLE001 - the worker must survive any job
                readable(exc)

    def _load(self) -> None:
        if not self.service.use_model:
            self.signals.model_loaded.emit("")
            return
        try:
            self.service.engine()
            self.signals.model_loaded.emit("")
        except Exception as exc:  # noqa: BLE001 - a missing/broken model leaves rules working
            self.service.use_model = False
            self.signals.model_loaded.emit(readable(exc))

    def _run_batch(self, batch: Batch) -> None:
        for index, path in enumerate(batch.paths):
            if batch.cancel.cancelled:
                break

            def report(p: Progress, i: int = index) -> None:
                self.signals.file_progressed.emit(batch.batch_id, i, p.stage, p.fraction, p.message)

            record: DocumentRecord | None = None
            error, duplicate = "", False
            try:
                result = self.service.add_file(path, cancel=batch.cancel, progress=report)
                error, duplicate = result.error, result.duplicate
                if result.doc_id is not None and self.service.store is not None:
                    record = self.service.store.get_document(result.doc_id, with_text=False)
            except Exception as exc:  # noqa: BLE001 - one hostile file never stops the batch
                error = readable(exc)
            self.signals.file_finished.emit(batch.batch_id, index, record, error, duplicate)
        self.signals.batch_finished.emit(batch.batch_id, batch.cancel.cancelled)

    def _reextract(self, job: Reextract) -> None:
        record, error = None, ""
        try:
            self.service.reextract(job.doc_id, kind=job.kind, cancel=job.cancel)
            store = self.service.store
            if store is not None:
                record = store.get_document(job.doc_id, with_text=True)
        except Exception as exc:  # noqa: BLE001 - Cancelled, model and vault errors alike
            error = readable(exc)
        self.signals.reextract_finished.emit(job.doc_id, record, error)


# --- the I/O pool: one thread, so vault writes are serialised (Picard's run_task) ------------
class _TaskSignals(QObject):
    """Created in the GUI thread: its own slots receive the signals queued from the pool thread
    (a bound QObject slot, not a lambda, so Qt knows which thread must run the callback)."""

    finished = Signal(object)
    failed = Signal(str)

    def __init__(self, on_done: Callable[[Any], None] | None,
                 on_error: Callable[[str], None] | None, forget: Callable[[], None]) -> None:
        super().__init__()
        self._on_done, self._on_error, self._forget = on_done, on_error, forget
        self.finished.connect(self._on_task_finished)
        self.failed.connect(self._on_task_failed)

    @Slot(object)
    def _on_task_finished(self, result: Any) -> None:
        self._forget()
        if self._on_done:
            self._on_done(result)

    @Slot(str)
    def _on_task_failed(self, message: str) -> None:
        self._forget()
        if self._on_error:
            self._on_error(message)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], signals: _TaskSignals) -> None:
        super().__init__()
        self.fn = fn
        self.signals = signals
        self.setAutoDelete(False)  # the Python side keeps it alive until its signal arrived

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as a readable line
            self.signals.failed.emit(readable(exc))
            return
        self.signals.finished.emit(result)


class IoPool:
    """Vault reads and writes, CSV exports, image decoding: off the GUI thread, one at a time."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self._alive: set[_Task] = set()

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[str], None] | None = None) -> None:
        holder: list[_Task] = []
        signals = _TaskSignals(on_done, on_error, lambda: self._alive.discard(holder[0]))
        task = _Task(fn, signals)
        holder.append(task)
        self._alive.add(task)
        self.pool.start(task)

    def wait(self, msecs: int = 10000) -> bool:
        return self.pool.waitForDone(msecs)


class Stopwatch:
    """Time left in a batch from the average time per finished file."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.finished = 0

    def left(self, remaining: int) -> float | None:
        if self.finished == 0:
            return None
        return (time.monotonic() - self.started) / self.finished * remaining


# --- batches of dropped files -----------------------------------------------------------------
MAX_BATCH_FILES = 2000  # a dropped home folder must not queue a million files


@dataclass
class BatchState:
    batch: Batch
    clock: Stopwatch = field(default_factory=Stopwatch)
    done: int = 0
    fraction: float = 0.0


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders walked (hidden files and folders skipped), sorted, de-duplicated."""
    out: dict[Path, None] = {}
    for p in paths:
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    out.setdefault(f, None)
        else:
            out.setdefault(p, None)
    return list(out)[:MAX_BATCH_FILES]
