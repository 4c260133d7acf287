"""Screen and clipboard hygiene: the idle auto-lock timer and the self-clearing clipboard (E11)."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QClipboard, QGuiApplication

_INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                 QEvent.Type.MouseMove, QEvent.Type.Drop, QEvent.Type.TouchBegin}


class IdleWatch(QObject):
    """Emits ``idle`` after N minutes without keyboard, mouse or drop input in the app."""

    idle = Signal()

    def __init__(self, minutes: int) -> None:
        super().__init__()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self.set_minutes(minutes)
        app = QGuiApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_minutes(self, minutes: int) -> None:
        self.minutes = minutes
        if minutes > 0:
            self.timer.start(minutes * 60_000)
        else:
            self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() in _INPUT_EVENTS and self.minutes > 0:
            self.timer.start(self.minutes * 60_000)
        return False

    def restart(self) -> None:
        self.set_minutes(self.minutes)


class ClipboardGuard(QObject):
    """Copies a value and clears it after N seconds, on lock and on quit (KeePassXC pattern):
    only if the clipboard still holds what Coffer put there, so the person's own later copy
    is never wiped."""

    def __init__(self, seconds: int) -> None:
        super().__init__()
        self.seconds = seconds
        self._copied: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear)

    def copy(self, text: str) -> None:
        cb = QGuiApplication.clipboard()
        cb.setText(text, QClipboard.Mode.Clipboard)
        if cb.supportsSelection():
            cb.setText(text, QClipboard.Mode.Selection)
        self._copied = text
        self.timer.start(self.seconds * 1000)

    def clear(self) -> None:
        self.timer.stop()
        if self._copied is None:
            return
        cb = QGuiApplication.clipboard()
        for mode in (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection):
            if mode == QClipboard.Mode.Selection and not cb.supportsSelection():
                continue
            if cb.text(mode) == self._copied:
                cb.clear(mode)
        self._copied = None
