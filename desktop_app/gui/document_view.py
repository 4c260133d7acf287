"""The left-hand document view: the page (its real picture, or text laid out at its boxes) and
the plain text.

Page coordinates are the reader's: ``ParsedDocument.page_sizes`` in PDF points (origin top-left,
page rotation applied) or in pixels of the upright scan; every box is in the same units. The
page picture, whatever its resolution, is drawn over exactly that rectangle, so a box scaled
like the page lands on the picture."""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QImage,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.entities import Box, Field, ParsedDocument

HIGHLIGHT = QColor(255, 200, 0, 110)
HIGHLIGHT_EDGE = QColor(220, 140, 0)


class PageCanvas(QWidget):
    """Paints one page: the scan/photo itself, or the document's lines drawn at their boxes.

    Everything is painted as plain text with drawText: no rich text, no links (N5)."""

    zoom_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.parsed: ParsedDocument | None = None
        self.image: QImage | None = None
        self.page = 0
        self.zoom = 1.0
        self.highlight: Box | None = None
        self.highlight_span: tuple[int, int] | None = None  # text files: no boxes, a char span
        self.setAccessibleName("Page view")
        self.setAutoFillBackground(False)

    def page_size(self) -> tuple[float, float]:
        """The page in the units of its boxes (points or pixels), not the picture's pixels."""
        if self.parsed and self.page < len(self.parsed.page_sizes):
            w, h = self.parsed.page_sizes[self.page]
            if w > 0 and h > 0:
                return float(w), float(h)
        if self.image is not None and not self.image.isNull():
            return float(self.image.width()), float(self.image.height())
        return 612.0, 792.0

    def highlight_rect(self) -> QRectF | None:
        """Where the highlight is painted, in widget pixels (None without a box)."""
        if self.highlight is None:
            return None
        s = self.scale()
        x0, y0, x1, y1 = self.highlight
        return QRectF(x0 * s - 2, y0 * s - 2, (x1 - x0) * s + 4, (y1 - y0) * s + 4)

    def scale(self) -> float:
        w, _h = self.page_size()
        fit = max(self.parentWidget().width() - 24, 200) / w if self.parentWidget() else 1.0
        return fit * self.zoom

    def relayout(self) -> None:
        if self.parsed is None and self.image is None:
            self.setFixedSize(0, 0)  # nothing selected: no blank sheet of paper
            return
        w, h = self.page_size()
        s = self.scale()
        self.setFixedSize(int(w * s) + 2, int(h * s) + 2)
        self.update()

    def paintEvent(self, _event: object) -> None:  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        s = self.scale()
        w, h = self.page_size()
        p.fillRect(QRectF(0, 0, w * s, h * s), QColor("white"))
        p.setPen(QColor(200, 200, 200))
        p.drawRect(QRectF(0, 0, w * s, h * s))
        if self.image is not None and not self.image.isNull():
            p.drawImage(QRectF(0, 0, w * s, h * s), self.image)
        elif self.parsed is not None:
            self._paint_lines(p, s)
        rect = self.highlight_rect()
        if rect is not None:
            p.fillRect(rect, HIGHLIGHT)
            p.setPen(HIGHLIGHT_EDGE)
            p.drawRect(rect)
        p.end()

    def _paint_lines(self, p: QPainter, s: float) -> None:
        assert self.parsed is not None
        text = self.parsed.text
        font = QFont()
        p.setPen(QColor(30, 30, 30))
        boxes = [ln for ln in self.parsed.lines if ln.page == self.page]
        if boxes and all(ln.box is None for ln in boxes):
            # a text file: no boxes, so lay the lines out like a printed page
            font.setFamily("monospace")
            font.setPixelSize(max(int(11 * s), 4))
            p.setFont(font)
            line_h = 14 * s
            metrics = QFontMetricsF(font)
            for i, ln in enumerate(boxes):
                span = self.highlight_span
                if span and ln.start <= span[0] <= ln.end:
                    x0 = 36 * s + metrics.horizontalAdvance(text[ln.start:span[0]])
                    x1 = 36 * s + metrics.horizontalAdvance(text[ln.start:min(span[1], ln.end)])
                    rect = QRectF(x0 - 2, 36 * s + i * line_h, x1 - x0 + 4, line_h)
                    p.fillRect(rect, HIGHLIGHT)
                    p.setPen(HIGHLIGHT_EDGE)
                    p.drawRect(rect)
                    p.setPen(QColor(30, 30, 30))
                p.drawText(QRectF(36 * s, 36 * s + i * line_h, 10_000, line_h),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           text[ln.start:ln.end])
            return
        for ln in boxes:
            if ln.box is None:
                continue
            x0, y0, x1, y1 = ln.box
            font.setPixelSize(max(int((y1 - y0) * s * 0.8), 4))
            p.setFont(font)
            p.drawText(QRectF(x0 * s, y0 * s, max((x1 - x0) * s, 1) * 1.5, (y1 - y0) * s),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       text[ln.start:ln.end])

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_requested.emit(1 if event.angleDelta().y() > 0 else -1)
            event.accept()
        else:
            super().wheelEvent(event)


class DocumentView(QTabWidget):
    """Page and Text tabs; ``show_field`` highlights where a value came from in both.

    ``page_wanted(index)`` asks for a page's picture (``set_page_image`` brings it, or
    ``page_image_failed`` says why not; the text layout stays meanwhile)."""

    page_wanted = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.parsed: ParsedDocument | None = None
        self._page_note = ""
        self.setAccessibleName("Document view")

        page_tab = QWidget()
        lay = QVBoxLayout(page_tab)
        lay.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.page_label = QLabel("")
        self.page_spin = QSpinBox()
        self.page_spin.setMinimum(1)
        self.page_spin.setAccessibleName("Page number")
        self.page_spin.valueChanged.connect(self._on_page_spin_changed)
        self.zoom_out = QToolButton(text="−")
        self.zoom_in = QToolButton(text="+")
        self.zoom_out.setAccessibleName("Zoom out")
        self.zoom_in.setAccessibleName("Zoom in")
        self.zoom_out.clicked.connect(lambda: self.change_zoom(-1))
        self.zoom_in.clicked.connect(lambda: self.change_zoom(1))
        bar.addWidget(QLabel("Page"))
        bar.addWidget(self.page_spin)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        self.mode_label = QLabel("")
        self.mode_label.setTextFormat(Qt.TextFormat.PlainText)
        bar.addWidget(self.mode_label)
        bar.addWidget(self.zoom_out)
        bar.addWidget(self.zoom_in)
        lay.addLayout(bar)
        self.scroll = QScrollArea()
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.canvas = PageCanvas()
        self.canvas.zoom_requested.connect(self.change_zoom)
        self.scroll.setWidget(self.canvas)
        lay.addWidget(self.scroll)
        self.addTab(page_tab, "Page")

        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)  # plain text only: document text is never parsed as HTML
        self.text.setAccessibleName("Document text")
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # receipts and lab reports line their columns up with spaces
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.addTab(self.text, "Text")
        self.clear()

    def clear(self) -> None:
        self.parsed = None
        self._page_note = ""
        self.canvas.parsed, self.canvas.image, self.canvas.highlight = None, None, None
        self.text.setPlainText("")
        self.page_spin.setMaximum(1)
        self.page_label.setText("of 1")
        self.mode_label.setText("")
        self.canvas.relayout()

    def set_document(self, parsed: ParsedDocument | None, image: QImage | None = None) -> None:
        """A document, with its first page's picture if there already is one."""
        self.parsed = parsed
        self._page_note = ""
        self.canvas.parsed, self.canvas.image, self.canvas.highlight = parsed, image, None
        self.canvas.page = 0
        self.text.setPlainText(parsed.text if parsed else "")
        pages = max(parsed.page_count if parsed else 1, 1)
        self.page_spin.blockSignals(True)
        self.page_spin.setMaximum(pages)
        self.page_spin.setValue(1)
        self.page_spin.blockSignals(False)
        self.page_label.setText(f"of {pages}")
        self._update_mode()
        self.canvas.relayout()

    def set_parsed(self, parsed: ParsedDocument | None) -> bool:
        """The same document again (after a correction): keep the page and its picture.
        False (and nothing changed) when it is not the same text: call set_document then."""
        if parsed is None or self.parsed is None or parsed.text != self.parsed.text:
            return False
        self.parsed = parsed
        self.canvas.parsed = parsed
        self.canvas.update()
        return True

    def _update_mode(self) -> None:
        parsed = self.parsed
        if self.canvas.image is not None and not self.canvas.image.isNull():
            text = "Scan" if parsed is not None and parsed.ocr_used else "Page picture"
        elif parsed is not None and any(ln.box is not None for ln in parsed.lines):
            text = "Text layout"
        else:
            text = "Text"
        if self._page_note:
            text = f"{text} · {self._page_note}"
        self.mode_label.setText(text)

    def set_page_pending(self, pending: bool) -> None:
        """The page picture is being drawn (the text layout shows meanwhile)."""
        self._page_note = "drawing the page…" if pending and self.canvas.image is None else ""
        self.mode_label.setToolTip("")
        self._update_mode()

    def set_page_image(self, page: int, image: QImage) -> None:
        """A page's picture (kept by its owner, PageImages: the view holds only the current one)."""
        if page == self.canvas.page:
            self.canvas.image = image
            self._page_note = ""
            self.mode_label.setToolTip("")
            self._update_mode()
            self.canvas.relayout()

    def page_image_failed(self, page: int, message: str) -> None:
        """Keep the text layout; say why there is no picture (plain text, in a tooltip)."""
        if page == self.canvas.page:
            self._page_note = "no page picture"
            self.mode_label.setToolTip(message)
            self._update_mode()

    def change_zoom(self, step: int) -> None:
        self.canvas.zoom = min(max(self.canvas.zoom * (1.25 if step > 0 else 0.8), 0.25), 6.0)
        self.canvas.relayout()

    def _on_page_spin_changed(self, value: int) -> None:
        page = value - 1
        self.canvas.page = page
        self.canvas.highlight = None
        self.canvas.image = None
        self._page_note = ""
        self.mode_label.setToolTip("")
        self._update_mode()
        self.canvas.relayout()
        if self.parsed is not None:
            self.page_wanted.emit(page)  # a kept picture comes back at once

    def resizeEvent(self, event: object) -> None:  # noqa: N802
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.canvas.relayout()

    def show_field(self, f: Field | None) -> None:
        """Highlight the value's span in the text and its box on the page; scroll to both."""
        self.canvas.highlight, self.canvas.highlight_span = None, None
        self.text.setExtraSelections([])
        if f is None or self.parsed is None:
            self.canvas.update()
            return
        box, page = f.box, f.page
        if f.span:
            start, end = f.span
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            sel.format = fmt  # type: ignore[attr-defined]
            cursor = QTextCursor(self.text.document())
            cursor.setPosition(min(start, len(self.parsed.text)))
            cursor.setPosition(min(end, len(self.parsed.text)), QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor  # type: ignore[attr-defined]
            self.text.setExtraSelections([sel])
            self.text.setTextCursor(QTextCursor(cursor.block()))
            self.text.centerCursor()
            line = self.parsed.line_at(start)
            if line is not None and (box is None or box == line.box):
                # a one-line value: narrow the line's box to the value's own characters
                box, page = _narrow(line.box, self.parsed.text, line.start, line.end, start, end), line.page
                if box is None and self.canvas.image is None:
                    self.canvas.highlight_span = (start, end)
        if page is not None and page != self.canvas.page:
            self.page_spin.setValue(page + 1)
        self.canvas.highlight = box
        self.canvas.update()
        if box is not None:
            s = self.canvas.scale()
            self.scroll.ensureVisible(int(box[0] * s), int(box[1] * s), 80, 80)


def _narrow(box: Box | None, text: str, ls: int, le: int, start: int, end: int) -> Box | None:
    """The part of a line box a span covers. Glyph widths of the real font are unknown, so the
    share is measured with a proportional UI font (digits are wider than spaces and colons)."""
    if box is None or le <= ls:
        return box
    x0, y0, x1, y1 = box
    metrics = QFontMetricsF(QFont())
    line = text[ls:le]
    indent = len(line) - len(line.lstrip())  # a text layer's indentation: the box starts after it
    line, ls = line[indent:], ls + indent
    full = metrics.horizontalAdvance(line)
    if full <= 0:
        return box
    a = metrics.horizontalAdvance(line[:max(start, ls) - ls]) / full
    b = metrics.horizontalAdvance(line[:min(end, le) - ls]) / full
    # The error grows along the line: half a character's room at the end, so that the mark
    # covers the whole value rather than cutting its last digit.
    b = min(1.0, max(b, a + 0.02) + 0.5 / max(1, len(line.strip())))
    return (x0 + (x1 - x0) * a, y0, x0 + (x1 - x0) * b, y1)
