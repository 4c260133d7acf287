"""Tools ▸ Teach Coffer…: the dry run first, training in the background with progress, pause
and cancel, the UI never blocked, and a clear message when the training component is missing."""
from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QTimer

from desktop_app.core.jobs import Progress
from desktop_app.gui import teach_flow
from desktop_app.teach.personal import TeachReport


class FakeTeach:
    """Stands in for teach_personal_adapter: reports progress, honours cancel and pause."""

    def __init__(self, steps: int = 200, fail: Exception | None = None) -> None:
        self.steps, self.fail = steps, fail
        self.calls: list[bool] = []
        self.thread: str = ""
        self.paused_seen = threading.Event()

    def __call__(self, store: Any, progress: Any, cancel: Any, *, pause: Any = None,
                 dry_run: bool = False, max_minutes: float = 30.0) -> TeachReport:
        self.calls.append(dry_run)
        self.thread = threading.current_thread().name
        if dry_run:
            return TeachReport(documents=8, usable=8, train_documents=6, heldout_documents=2,
                               train_examples=10, replay_examples=10, kinds={"receipt": 8},
                               message="Dry run: nothing was trained.", dry_run=True)
        if self.fail is not None:
            raise self.fail
        for i in range(self.steps):
            if pause is not None and pause.paused:
                self.paused_seen.set()
                pause.wait(cancel)
            cancel.raise_if_cancelled()
            progress(Progress("training", i / self.steps, f"step {i}"))
            time.sleep(0.01)
        return TeachReport(documents=8, usable=8, train_documents=6, kept=True,
                           message="The new adapter did better on your kept-aside documents: it is now in use.")


def _open(qtbot: Any, coffer: Any, fake: FakeTeach) -> Any:
    ctl = coffer.controller
    ctl.teach._teach = fake
    with qtbot.waitSignal(ctl.teach.finished, timeout=10000) as sig:
        ctl.w.act_teach.trigger()
    assert sig.args == ["dry run"]
    return ctl.teach.dialog


def test_dry_run_then_training_with_progress_pause_and_cancel(qtbot, coffer, monkeypatch) -> None:
    monkeypatch.setattr(teach_flow, "missing_packages", lambda: [])
    ctl = coffer.controller
    fake = FakeTeach(steps=2000)
    dlg = _open(qtbot, coffer, fake)
    assert "You corrected 8 documents; 8 can be learnt from (8 receipts)." in dlg.report.toPlainText()
    assert "Training on 6 of them" in dlg.report.toPlainText()
    assert dlg.start.isEnabled()
    # the training runs in its own thread; the event loop keeps turning (10 ms heartbeat)
    beats: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: beats.append(time.monotonic()))
    timer.start(10)
    dlg.start.click()
    qtbot.waitUntil(lambda: dlg.bar.value() > 20, timeout=10000)
    assert ctl.teach.running and ctl.busy() and fake.thread != threading.current_thread().name
    assert "Teaching Coffer" in ctl.w.statusBar().currentMessage()
    dlg.pause.click()
    assert dlg.pause.text() == "Resume"
    assert fake.paused_seen.wait(5)
    value = dlg.bar.value()
    qtbot.wait(200)
    assert dlg.bar.value() == value  # paused: no steps
    dlg.pause.click()  # resume
    qtbot.waitUntil(lambda: dlg.bar.value() > value, timeout=5000)
    with qtbot.waitSignal(ctl.teach.finished, timeout=10000) as sig:
        dlg.cancel.click()
    assert sig.args == ["cancelled"]
    assert "cancelled" in dlg.status.text() and not ctl.teach.running
    timer.stop()
    gaps = [b - a for a, b in zip(beats, beats[1:], strict=False)]
    assert gaps and max(gaps) < 0.5


def test_training_finishes_and_reports(qtbot, coffer, monkeypatch) -> None:
    monkeypatch.setattr(teach_flow, "missing_packages", lambda: [])
    ctl = coffer.controller
    dlg = _open(qtbot, coffer, FakeTeach(steps=5))
    with qtbot.waitSignal(ctl.teach.finished, timeout=10000) as sig:
        dlg.start.click()
    assert sig.args == ["taught"]
    assert "did better" in dlg.status.text() and dlg.bar.value() == 1000
    assert "did better" in ctl.w.statusBar().currentMessage()


def test_missing_training_component_says_what_to_install(qtbot, coffer, monkeypatch) -> None:
    monkeypatch.setattr(teach_flow, "missing_packages", lambda: ["torch", "peft"])
    dlg = _open(qtbot, coffer, FakeTeach())
    assert dlg.missing.isVisible()
    assert "pip install .[teach]" in dlg.missing.text() and "torch, peft" in dlg.missing.text()
    assert not dlg.start.isEnabled()
    assert "You corrected 8 documents" in dlg.report.toPlainText()  # the dry run still shows


def test_teach_unavailable_from_the_worker(qtbot, coffer, monkeypatch) -> None:
    from desktop_app.teach.base import MISSING_HELP, TeachUnavailable

    monkeypatch.setattr(teach_flow, "missing_packages", lambda: [])
    ctl = coffer.controller
    dlg = _open(qtbot, coffer, FakeTeach(fail=TeachUnavailable(MISSING_HELP)))
    with qtbot.waitSignal(ctl.teach.finished, timeout=10000) as sig:
        dlg.start.click()
    assert sig.args == ["unavailable"]
    assert "pip install .[teach]" in dlg.missing.text() and not dlg.start.isEnabled()


def test_the_real_dry_run_on_a_vault_without_corrections(qtbot, coffer) -> None:
    """teach_personal_adapter itself (dry run: no training, no torch import) on the real vault."""
    ctl = coffer.controller
    with qtbot.waitSignal(ctl.teach.finished, timeout=30000) as sig:
        ctl.w.act_teach.trigger()
    dlg = ctl.teach.dialog
    if sig.args == ["dry run"]:
        assert "You corrected 0 documents" in dlg.report.toPlainText()
        assert "Not enough corrected documents" in dlg.report.toPlainText()
    else:  # no model file on this machine: said in words, not a traceback
        assert sig.args == ["failed"] and dlg.status.text()
    assert not dlg.start.isEnabled()


def test_lock_waits_for_teaching_to_stop(qtbot, coffer, monkeypatch) -> None:
    monkeypatch.setattr(teach_flow, "missing_packages", lambda: [])
    ctl = coffer.controller
    dlg = _open(qtbot, coffer, FakeTeach(steps=5000))
    dlg.start.click()
    qtbot.waitUntil(lambda: ctl.teach.running, timeout=5000)
    ctl.lock()  # cancels teaching; the vault closes once it has stopped
    assert ctl.service.store is not None
    qtbot.waitUntil(lambda: "vault locked" in ctl.w.state_label.text(), timeout=10000)
    assert ctl.service.store is None
