"""Tools ▸ Teach Coffer…: a personal adapter trained on the person's corrections, in the background.

``teach.personal.teach_personal_adapter`` does the work (synchronous, with progress, cancel and
pause); here it runs in its own thread, never the GUI's and never the inference worker's (the
batch queue keeps going while it trains). The dialog first shows the dry run — what Coffer
would learn from — and says what to install when the optional training component is missing.
"""
from __future__ import annotations

import importlib.util
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.errors import Cancelled
from desktop_app.core.jobs import CancelToken, Progress

from .workers import readable

if TYPE_CHECKING:
    from .controller import Controller

log = logging.getLogger("coffer.gui.teach")
TEACH_PACKAGES = ("torch", "transformers", "peft", "gguf")
MAX_MINUTES = 30.0
TeachFunction = Callable[..., Any]


def missing_packages() -> list[str]:
    """The training component's packages that are not installed (found without importing them:
    PyTorch alone takes seconds to import)."""
    return [name for name in TEACH_PACKAGES if importlib.util.find_spec(name) is None]


def missing_help() -> str:
    try:
        from desktop_app.teach.base import MISSING_HELP
    except ImportError:  # pragma: no cover - the teach package is part of the app
        return "Teaching Coffer needs the optional training component: pip install .[teach]"
    return MISSING_HELP


def default_teach() -> TeachFunction:
    from desktop_app.teach.personal import teach_personal_adapter

    return teach_personal_adapter


def _new_pause() -> Any:
    try:
        from desktop_app.teach.train import Pause
    except ImportError:  # e.g. no `resource` module on this OS: no pausing, cancel still works
        return None
    return Pause()


class TeachJob(QThread):
    """One run of the teach function (dry run or training) off the GUI thread. It reaches the
    GUI only through its signals (queued to the GUI thread); it never touches a widget."""

    progressed = Signal(str, float, str)  # stage, fraction, message
    succeeded = Signal(object)  # the TeachReport
    failed = Signal(str, bool)  # readable message, True when the training component is missing

    def __init__(self, teach: TeachFunction, store: Any, *, dry_run: bool,
                 max_minutes: float = MAX_MINUTES) -> None:
        super().__init__()
        self.setObjectName("coffer-teach")
        self.teach, self.store, self.dry_run, self.max_minutes = teach, store, dry_run, max_minutes
        self.cancel = CancelToken()
        self.pause = _new_pause() if not dry_run else None

    def run(self) -> None:
        def progress(p: Progress) -> None:
            self.progressed.emit(p.stage, float(p.fraction), p.message)

        try:
            report = self.teach(self.store, progress, self.cancel, pause=self.pause,
                                dry_run=self.dry_run, max_minutes=self.max_minutes)
        except Cancelled:
            self.failed.emit("Teaching was cancelled; nothing was changed.", False)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a readable line
            if type(exc).__name__ == "TeachUnavailable":  # teach.base: torch & co. missing
                self.failed.emit(str(exc), True)
            else:
                self.failed.emit(readable(exc), False)
        else:
            self.succeeded.emit(report)


class TeachDialog(QDialog):
    """What it would learn from, Start, progress, Pause/Resume, Cancel. Not modal: closing it
    leaves the training running (the status bar follows it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Teach Coffer")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        intro = QLabel(
            "Coffer can learn from the fields you corrected. It trains a personal model on this "
            "computer (nothing leaves it), tests it on some of your corrected documents it keeps "
            "aside, and uses it only if it does better than the current one. Training takes up "
            f"to {MAX_MINUTES:.0f} minutes in the background; you can keep working.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.report = QPlainTextEdit()
        self.report.setReadOnly(True)  # plain text only
        self.report.setAccessibleName("What Coffer would learn from")
        self.report.setPlaceholderText("Looking at your corrected documents…")
        self.report.setMaximumHeight(110)
        lay.addWidget(self.report)
        self.missing = QLabel("")
        self.missing.setObjectName("error")
        self.missing.setWordWrap(True)
        self.missing.setTextFormat(Qt.TextFormat.PlainText)
        self.missing.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing.hide()
        lay.addWidget(self.missing)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setAccessibleName("Teaching progress")
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        lay.addWidget(self.bar)
        lay.addWidget(self.status)
        self.buttons = QDialogButtonBox()
        self.start = QPushButton("Start teaching")
        self.pause = QPushButton("Pause")
        self.cancel = QPushButton("Cancel teaching")
        self.close_btn = QPushButton("Close")
        for b in (self.start, self.pause, self.cancel):
            self.buttons.addButton(b, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.close_btn, QDialogButtonBox.ButtonRole.RejectRole)
        self.close_btn.clicked.connect(self.hide)
        lay.addWidget(self.buttons)
        self.set_running(False)

    def set_running(self, running: bool) -> None:
        self.bar.setVisible(running or self.bar.value() > 0)
        self.pause.setVisible(running)
        self.cancel.setVisible(running)
        self.start.setVisible(not running)

    def show_missing(self, message: str) -> None:
        self.missing.setText(message)
        self.missing.show()
        self.start.setEnabled(False)


class TeachFlow(QObject):
    """Opens the dialog, runs the dry run and the training, reports to the status bar."""

    finished = Signal(str)  # "dry run", "taught", "failed", "cancelled", "unavailable"

    def __init__(self, controller: Controller, teach: TeachFunction | None = None) -> None:
        super().__init__()
        self.ctl = controller
        self._teach = teach
        self._outcome: str | None = None  # the job's outcome, told by ``finished`` once its thread ends
        self.dialog: TeachDialog | None = None
        self.job: TeachJob | None = None
        self.last_report: Any = None
        controller.w.act_teach.triggered.connect(self.open)

    def hide(self) -> None:
        """On lock: the dialog goes (training, if any, has been asked to stop)."""
        if self.dialog is not None:
            self.dialog.hide()

    @property
    def teach(self) -> TeachFunction:
        if self._teach is None:
            self._teach = default_teach()
        return self._teach

    @property
    def running(self) -> bool:
        """A dry run or training is under way: the vault must stay open until it ends."""
        return self.job is not None and self.job.isRunning()

    def open(self) -> None:
        store = self.ctl.service.store
        if store is None:
            return
        dlg = self.dialog
        if dlg is None:
            dlg = self.dialog = TeachDialog(self.ctl.w)
            dlg.start.clicked.connect(self.start)
            dlg.cancel.clicked.connect(self.cancel)
            dlg.pause.clicked.connect(self._on_pause_clicked)
        dlg.show()
        dlg.raise_()
        if self.job is not None and self.job.isRunning():
            return  # training: the dialog shows its progress
        missing = missing_packages()
        if missing:
            dlg.show_missing(f"{missing_help()} Missing here: {', '.join(missing)}.")
        else:
            dlg.missing.hide()
        dlg.start.setEnabled(False)
        dlg.report.setPlainText("")
        dlg.status.setText("Looking at your corrected documents…")
        self._run(store, dry_run=True)

    def start(self) -> None:
        store = self.ctl.service.store
        if store is None or self.dialog is None or (self.job is not None and self.job.isRunning()):
            return
        self.dialog.bar.setValue(0)
        self.dialog.set_running(True)
        self.dialog.status.setText("Starting…")
        self.ctl.w.statusBar().showMessage("Teaching Coffer in the background…", 5000)
        self._run(store, dry_run=False)

    def cancel(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel.cancel()
            if self.job.pause is not None:
                self.job.pause.resume()
            if self.dialog is not None:
                self.dialog.status.setText("Cancelling after the current step…")
                self.dialog.cancel.setEnabled(False)

    def shutdown(self) -> None:
        self.cancel()
        if self.job is not None:
            self.job.wait(30_000)

    def _on_pause_clicked(self) -> None:
        job, dlg = self.job, self.dialog
        if job is None or job.pause is None or dlg is None:
            return
        if job.pause.paused:
            job.pause.resume()
            dlg.pause.setText("Pause")
            dlg.status.setText("Going on…")
        else:
            job.pause.pause()
            dlg.pause.setText("Resume")
            dlg.status.setText("Paused after the current step. Resume when the computer is free.")

    def _run(self, store: Any, *, dry_run: bool) -> None:
        job = TeachJob(self.teach, store, dry_run=dry_run)
        job.progressed.connect(self._on_progressed)
        job.succeeded.connect(self._on_succeeded)
        job.failed.connect(self._on_failed)
        job.finished.connect(self._on_job_finished)
        self.job = job
        self._outcome = None
        if self.dialog is not None:
            self.dialog.pause.setEnabled(job.pause is not None)
            self.dialog.cancel.setEnabled(True)
            self.dialog.pause.setText("Pause")
        job.start(QThread.Priority.LowPriority)

    def _on_progressed(self, stage: str, fraction: float, message: str) -> None:
        if self.dialog is not None:
            self.dialog.bar.setValue(int(max(0.0, min(fraction, 1.0)) * 1000))
            self.dialog.status.setText(f"{stage.capitalize()}: {message}" if message else stage.capitalize())
        if self.job is not None and not self.job.dry_run:
            self.ctl.w.statusBar().showMessage(f"Teaching Coffer: {fraction:.0%}", 10000)

    def _on_succeeded(self, report: Any) -> None:
        self.last_report = report
        dlg = self.dialog
        lines = describe(report)
        if dlg is not None:
            dlg.report.setPlainText("\n".join(lines))
        if getattr(report, "dry_run", False):
            if dlg is not None:
                can = bool(getattr(report, "train_documents", 0)) and not dlg.missing.isVisible()
                dlg.start.setEnabled(can)
                dlg.status.setText("Ready to start." if can else
                                   "Correct a few more documents first, then come back." if not
                                   getattr(report, "train_documents", 0) else "")
            self._outcome = "dry run"
            return
        if dlg is not None:
            dlg.bar.setValue(1000)
            dlg.status.setText(getattr(report, "message", "") or "Done.")
        self.ctl.w.statusBar().showMessage(f"Teaching finished. {getattr(report, 'message', '')}", 15000)
        if getattr(report, "kept", False):
            # the new personal adapter won its A/B test: the next document loads the model with it
            self.ctl.service.reload_engine()
        self._outcome = "taught"

    def _on_failed(self, message: str, unavailable: bool) -> None:
        dlg = self.dialog
        cancelled = message.startswith("Teaching was cancelled")
        if dlg is not None:
            if unavailable:
                dlg.show_missing(message)
            dlg.status.setText(message)
        self.ctl.w.statusBar().showMessage(message, 15000)
        self._outcome = "unavailable" if unavailable else "cancelled" if cancelled else "failed"

    def _on_job_finished(self) -> None:
        # (``finished`` waits for the thread to end, so that ``running`` is False when it comes)
        if self.dialog is not None:
            self.dialog.set_running(False)
        self.ctl.teach_finished()
        outcome, self._outcome = self._outcome, None
        if outcome is not None:
            self.finished.emit(outcome)


def describe(report: Any) -> list[str]:
    """The report in sentences (the CLI's first line shows a dict of kinds)."""
    kinds = getattr(report, "kinds", {}) or {}
    parts = ", ".join(f"{n} {kind.replace('_', ' ')}{'s' if n != 1 and not kind.endswith('s') else ''}"
                      for kind, n in sorted(kinds.items()))
    documents, usable = getattr(report, "documents", 0), getattr(report, "usable", 0)
    first = (f"You corrected {documents} document{'s' if documents != 1 else ''}; "
             f"{usable} can be learnt from" + (f" ({parts})." if parts else "."))
    try:
        rest = list(report.lines())[1:]
    except (AttributeError, TypeError):
        rest = [str(getattr(report, "message", ""))]
    return [first, *[line for line in rest if line]]
