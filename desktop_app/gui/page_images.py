"""Real page pictures for the document view: rendered by the sandboxed child, off the GUI thread.

The original bytes come from the vault and go to the child through a pipe (never to disk);
PDFium and Pillow never run in the GUI process. While a page is being drawn, and whenever it
cannot be drawn (a password-protected PDF, a damaged page), the view shows the text laid out at
its boxes instead.
"""
from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any, Protocol

from PySide6.QtCore import QObject
from PySide6.QtGui import QImage

from desktop_app.core.errors import CofferError, DocumentError
from desktop_app.core.jobs import CancelToken

from .document_view import DocumentView
from .workers import IoPool

log = logging.getLogger("coffer.gui.pages")

# Pixels per page picture: a Letter page at ~210 dpi, sharp up to 3-4× zoom; ~16 MB as a QImage.
MAX_PIXELS = 4_000_000
CACHED_PAGES = 6


class Renderer(Protocol):
    def render(self, content: bytes, media_type: str, index: int, max_pixels: int, *,
               password: str | None = None, cancel: CancelToken | None = None) -> bytes: ...


def default_renderer() -> Renderer:
    from desktop_app.ingestion.render import SandboxedRenderer

    return SandboxedRenderer()


def has_page_image(media_type: str) -> bool:
    from desktop_app.ingestion.render import has_page_image as has

    return has(media_type)


class PageImages(QObject):
    """Asks the renderer for the pages the view shows; keeps the last few as QImages."""

    def __init__(self, view: DocumentView, renderer: Renderer | None = None) -> None:
        super().__init__()
        self.view = view
        self.pool = IoPool()  # its own thread: a slow page never holds up vault reads and writes
        self._renderer = renderer
        self._content: bytes | None = None
        self._media_type = ""
        self._seq = 0
        self._cancel: CancelToken | None = None
        self._cache: OrderedDict[int, QImage] = OrderedDict()
        self._pending: set[int] = set()
        self.failures: dict[int, str] = {}
        view.page_wanted.connect(self.request)

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = default_renderer()
        return self._renderer

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def show(self, media_type: str, content: bytes | None) -> None:
        """A newly selected document (``content`` None: it has no page picture)."""
        self.clear()
        self._content, self._media_type = content, media_type
        if content is not None:
            self.view.set_page_pending(True)
            self.request(self.view.canvas.page)

    def clear(self) -> None:
        """Forget the document: on another selection, on lock and on quit."""
        self._seq += 1
        if self._cancel is not None:
            self._cancel.cancel()
        self._cancel = None
        self._content = None
        self._cache.clear()
        self._pending.clear()
        self.failures.clear()

    def shutdown(self) -> None:
        self.clear()
        self.pool.wait(15_000)

    def request(self, page: int) -> None:
        content = self._content
        if content is None:
            return
        cached = self._cache.get(page)
        if cached is not None:
            self._cache.move_to_end(page)
            self.view.set_page_image(page, cached)
            return
        if page in self.failures:
            self.view.page_image_failed(page, self.failures[page])
            return
        if page in self._pending:
            return
        self._pending.add(page)
        self.view.set_page_pending(True)
        seq, media_type = self._seq, self._media_type
        if self._cancel is None:
            self._cancel = CancelToken()
        cancel, renderer = self._cancel, self.renderer

        def work() -> QImage | str:
            try:
                png = renderer.render(content, media_type, page, MAX_PIXELS, cancel=cancel)
            except DocumentError as exc:
                log.info("page %d could not be drawn: %s", page + 1, type(exc).__name__)
                return str(exc)
            except CofferError as exc:  # Cancelled
                return str(exc)
            return _decode(png)

        def done(result: Any) -> None:
            if seq != self._seq:
                return  # another document by now
            self._pending.discard(page)
            if isinstance(result, QImage) and not result.isNull():
                self._cache[page] = result
                while len(self._cache) > CACHED_PAGES:
                    self._cache.popitem(last=False)
                self.view.set_page_image(page, result)
            else:
                message = result if isinstance(result, str) else "The page picture could not be decoded."
                self.failures[page] = message
                self.view.page_image_failed(page, message)

        def failed(message: str) -> None:
            done(message)

        self.pool.run(work, done, failed)


def _decode(png: bytes) -> QImage | str:
    """The child's PNG, decoded only after its header says it is a PNG of a sane size (the child
    parsed a hostile file, so what it sends is checked before Qt decodes it)."""
    from desktop_app.ingestion.render import png_size

    try:
        width, height = png_size(png)
    except DocumentError as exc:
        return str(exc)
    if width <= 0 or height <= 0 or width * height > MAX_PIXELS * 1.05:
        return "The page picture the renderer sent back has an unexpected size."
    image = QImage.fromData(png, "PNG")
    if image.isNull():
        return "The page picture could not be decoded."
    return image
