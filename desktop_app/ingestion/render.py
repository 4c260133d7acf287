"""One page of a stored document as a picture (PNG), rendered in the sandboxed child process.

The GUI shows the real page: a PDF page drawn by PDFium, or the scan/photo itself as Pillow
decodes it (EXIF-upright, the frame OCR read). The page picture has the same shape as the
page the boxes were measured on (``ParsedDocument.page_sizes``: PDF points for a PDF, pixels of
the upright image for a scan), only scaled; so a box multiplied by
``picture width / page width`` lands on the picture.

Rendering an untrusted PDF runs PDFium on hostile bytes, so it happens in a throwaway child
(``sandbox.main``: the same memory, CPU and wall-time limits, no network, no core dumps). The
document's bytes come from the vault and go to the child through a pipe: they are never
written to disk. The child answers with the PNG (base64 in ``sandbox``'s JSON answer, never
pickle) and the parent checks it is a PNG before anyone decodes it.

How the bytes get through ``sandbox.main`` unchanged: it reads its JSON request as the first
``REQUEST_BYTES`` of stdin (JSON allows the padding spaces), then calls ``sandbox_entry``, which
reads the rest of stdin: the document.
"""
from __future__ import annotations

import base64
import io
import math
import os
import sys
import warnings
from pathlib import Path
from typing import Any

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.errors import (
    DamagedDocument,
    DocumentError,
    DocumentTooLarge,
    ParserCrashed,
    PasswordRequired,
    UnsupportedDocument,
)
from desktop_app.core.jobs import CancelToken

from .limits import Limits, check_pages, check_pixels
from .sandbox import Wording, WorkerStats, document_from_json, run_worker
from .sniff import MEDIA_TYPES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_DPI = 300.0  # never render finer than this, whatever the pixel budget
DRAWING = Wording(doing="Drawing the page", too_big="The page picture is too large to show.",
                  crashed="The page renderer crashed on this document",
                  malformed="The page renderer sent back a malformed result.",
                  failed="The page could not be drawn.")
TARGET = "desktop_app.ingestion.render:sandbox_entry"
MAX_ANSWER_BYTES = 256 * 1024 * 1024
_KINDS = {media: kind for kind, media in MEDIA_TYPES.items()}
PAGE_KINDS = frozenset({"pdf", "jpeg", "png", "tiff", "webp", "bmp", "gif", "heic"})


def has_page_image(media_type: str) -> bool:
    """Whether ``render_page`` can draw this kind of document (PDF, scans, photos)."""
    return _KINDS.get(media_type, "") in PAGE_KINDS


# --- the renderer itself (runs in the child) ------------------------------------------------
def render_page(content: bytes, media_type: str, index: int, max_pixels: int, *,
                password: str | None = None, limits: Limits | None = None) -> bytes:
    """Page ``index`` (0-based) of a PDF or image as PNG bytes, at most ``max_pixels`` pixels
    and at most 300 dpi for a PDF. Raises a DocumentError subclass for anything unreadable.

    Call it in this process only on trusted bytes (tests); the GUI uses ``SandboxedRenderer``.
    """
    limits = limits or Limits()
    if len(content) > limits.max_file_bytes:
        raise DocumentTooLarge("The document is larger than Coffer reads.")
    if index < 0:
        raise DamagedDocument(f"There is no page {index + 1} in this document.")
    max_pixels = max(1, min(int(max_pixels), limits.max_render_pixels))
    kind = _KINDS.get(media_type, "")
    if kind == "pdf":
        image = _pdf_page(content, index, max_pixels, password, limits)
    elif kind in PAGE_KINDS:
        image = _image_page(content, kind, index, max_pixels, limits)
    else:
        raise UnsupportedDocument("This kind of document has no page picture; its text is shown instead.")
    try:
        out = io.BytesIO()
        image.save(out, format="PNG", compress_level=1)
        return out.getvalue()
    finally:
        image.close()


def _check_streams(content: bytes, limits: Limits) -> None:
    """pdf.check_streams (Flate bombs) on the bytes, through an in-memory file where the OS has
    one; elsewhere the child's memory cap stops a bomb (and the file passed it when added)."""
    if not hasattr(os, "memfd_create") or not Path("/proc/self/fd").is_dir():
        return
    from .pdf import check_streams

    fd = os.memfd_create("coffer-page", 0)
    try:
        view = memoryview(content)
        written = 0
        while written < len(content):
            written += os.write(fd, view[written:written + (1 << 20)])
        if content:
            check_streams(Path(f"/proc/self/fd/{fd}"), limits)
    finally:
        os.close(fd)


def _pdf_page(content: bytes, index: int, max_pixels: int, password: str | None,
              limits: Limits) -> Any:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    _check_streams(content, limits)
    try:
        pdf = pdfium.PdfDocument(content, password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise PasswordRequired("This PDF is protected by a password.") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnsupportedDocument("This PDF uses a kind of protection Coffer cannot open.") from exc
        raise DamagedDocument("This PDF is damaged or not a complete PDF file.") from exc
    try:
        count = len(pdf)
        check_pages(count, limits)
        if index >= count:
            raise DamagedDocument(f"There is no page {index + 1} in this PDF ({count} pages).")
        with_forms = True
        try:
            pdf.init_forms()  # filled-in form values are drawn, as the text layer reads them
        except (pdfium.PdfiumError, RuntimeError):
            with_forms = False
        try:
            page = pdf[index]
        except pdfium.PdfiumError as exc:
            raise DamagedDocument(f"Page {index + 1} of this PDF is damaged.") from exc
        try:
            width, height = page.get_size()  # displayed size: crop box, page rotation applied
            if width <= 0 or height <= 0 or max(width, height) > limits.max_page_points:
                raise DocumentTooLarge(f"Page {index + 1} has a size Coffer cannot draw.")
            scale = min(MAX_DPI / 72.0, math.sqrt(max_pixels / (width * height)))
            bitmap = page.render(scale=scale, may_draw_forms=with_forms)
            try:
                return bitmap.to_pil().convert("RGB")
            finally:
                bitmap.close()
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise DamagedDocument(f"Page {index + 1} of this PDF could not be drawn.") from exc
    finally:
        pdf.close()


def _image_page(content: bytes, kind: str, index: int, max_pixels: int, limits: Limits) -> Any:
    from PIL import Image, ImageOps, UnidentifiedImageError

    from .image import HEIC_AVAILABLE, IMAGE_HINT, to_rgb  # also registers the HEIC opener

    if kind == "heic" and not HEIC_AVAILABLE:
        raise UnsupportedDocument("HEIC photos need the optional 'pillow-heif' component.")
    Image.MAX_IMAGE_PIXELS = limits.max_image_pixels  # a fresh child: no one else to disturb
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as img:
                count = 1 if kind in ("gif", "webp") else getattr(img, "n_frames", 1)
                check_pages(count, limits)
                if index >= count:
                    raise DamagedDocument(f"There is no page {index + 1} in this image ({count}).")
                img.seek(index)
                check_pixels(img.size[0], img.size[1], limits)
                img.load()
                # Upright exactly as the reader turned it for OCR, so OCR boxes land on it.
                frame = to_rgb(ImageOps.exif_transpose(img) or img)
    except DocumentError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise DocumentTooLarge("The image is too large to show.", IMAGE_HINT) from exc
    except UnidentifiedImageError as exc:
        raise DamagedDocument("The image could not be decoded; it is damaged or not an image.") from exc
    except (OSError, SyntaxError, ValueError, EOFError, IndexError) as exc:
        raise DamagedDocument("The image is damaged or incomplete.") from exc
    width, height = frame.size
    if width * height > max_pixels:
        factor = math.sqrt(max_pixels / (width * height))
        frame = frame.resize((max(1, int(width * factor)), max(1, int(height * factor))),
                             Image.Resampling.BILINEAR)
    return frame


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR, without decoding it."""
    if len(png) < 24 or not png.startswith(PNG_MAGIC) or png[12:16] != b"IHDR":
        raise ParserCrashed("The page renderer sent back something that is not a PNG image.")
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


# --- the child's side of the pipe -----------------------------------------------------------
def _spec(kind: str, index: int, max_pixels: int) -> str:
    return f"coffer-page:{kind}:{int(index)}:{int(max_pixels)}"


def sandbox_entry(path: Path, *, password: str | None, limits: Limits) -> ParsedDocument:
    """Called by ``sandbox.main`` in the child: ``path`` carries only what to draw (no file is
    involved); the document's bytes are the rest of stdin. The PNG goes back base64-encoded as
    the text of a one-page ParsedDocument, inside sandbox's JSON answer."""
    try:
        tag, kind, index, max_pixels = str(path.name).split(":")
        if tag != "coffer-page":
            raise ValueError(tag)
        media_type = MEDIA_TYPES[kind]
    except (ValueError, KeyError) as exc:
        raise UnsupportedDocument("The page renderer got a request it does not understand.") from exc
    content = sys.stdin.buffer.read(limits.max_file_bytes + 1)
    if len(content) > limits.max_file_bytes:
        raise DocumentTooLarge("The document is larger than Coffer reads.")
    png = render_page(content, media_type, int(index), int(max_pixels), password=password,
                      limits=limits)
    width, height = png_size(png)
    return ParsedDocument(text=base64.b64encode(png).decode("ascii"), media_type="image/png",
                          page_count=1, page_sizes=[(float(width), float(height))])


# --- the parent's side ----------------------------------------------------------------------
class SandboxedRenderer:
    """Renders pages in a fresh child process per page, with ``Limits`` (memory, CPU, time).

    A crash, hang or memory blow-up in PDFium or Pillow ends that child only; the caller gets a
    DocumentError (and shows the document's text instead)."""

    def __init__(self, limits: Limits | None = None, *, target: str = TARGET) -> None:
        self.limits = limits or Limits()
        self.target = target  # tests point this at misbehaving workers
        self.last_stats = WorkerStats()

    def render(self, content: bytes, media_type: str, index: int, max_pixels: int, *,
               password: str | None = None, cancel: CancelToken | None = None) -> bytes:
        kind = _KINDS.get(media_type, "")
        if kind not in PAGE_KINDS:
            raise UnsupportedDocument("This kind of document has no page picture; its text is shown instead.")
        if len(content) > self.limits.max_file_bytes:
            raise DocumentTooLarge("The document is larger than Coffer reads.")
        self.last_stats = stats = WorkerStats()
        message = run_worker({"path": _spec(kind, index, max_pixels), "password": password,
                              "target": self.target},
                             limits=self.limits, cancel=cancel, stats=stats, content=content,
                             max_answer=MAX_ANSWER_BYTES, wording=DRAWING)
        doc = document_from_json(message.get("doc") or {})
        try:
            png = base64.b64decode(doc.text.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError) as exc:
            raise ParserCrashed(DRAWING.malformed) from exc
        png_size(png)  # a PNG, or ParserCrashed
        return png


def render_page_sandboxed(content: bytes, media_type: str, index: int, max_pixels: int, *,
                          password: str | None = None, limits: Limits | None = None,
                          cancel: CancelToken | None = None) -> bytes:
    """``render_page`` in a sandboxed child (what the GUI calls, off its own thread)."""
    return SandboxedRenderer(limits).render(content, media_type, index, max_pixels,
                                            password=password, cancel=cancel)
