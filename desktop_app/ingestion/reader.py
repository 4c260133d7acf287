"""Reading any supported document into a ParsedDocument, in-process or in a sandboxed worker."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.errors import (
    DamagedDocument,
    DocumentError,
    DocumentTooLarge,
    UnsupportedDocument,
)
from desktop_app.core.jobs import CancelToken

from .layout import Page, PageLine, assemble
from .limits import Budget, Limits, check_file_size
from .sandbox import WorkerStats, run_sandboxed
from .sniff import MEDIA_TYPES, name_mismatch, sniff

IMAGE_KINDS = frozenset({"jpeg", "png", "tiff", "webp", "bmp", "gif", "heic"})


def read_document(path: Path | str, *, password: str | None = None, limits: Limits | None = None,
                  cancel: CancelToken | None = None) -> ParsedDocument:
    """Read one file in this process. Raises a DocumentError subclass for anything unreadable."""
    path = Path(path)
    limits = limits or Limits()
    if not path.is_file():
        raise UnsupportedDocument(f"'{path.name}' is not a file Coffer can open.", "Check the path.")
    warnings: list[str] = []
    try:
        check_file_size(path, limits)
        budget = Budget(limits, cancel)
        kind = sniff(path)
        mismatch = name_mismatch(path, kind)
        if mismatch:
            warnings.append(mismatch)
        doc = _read_kind(kind, path, limits, budget, password)
    except DocumentError:
        raise
    except OSError as exc:  # unreadable file: permissions, a vanished USB stick, I/O error
        raise DamagedDocument(f"The file could not be read ({exc.strerror or type(exc).__name__}).",
                              "Check that the file is still there and that you may open it.") from exc
    except MemoryError as exc:
        raise DocumentTooLarge("The document needs more memory than Coffer allows for one file.") from exc
    except RecursionError as exc:
        raise DamagedDocument("The document's structure is nested too deeply to read.") from exc
    if not doc.text.strip():
        warnings.append("No text was found in this document.")
    doc.warnings[:0] = warnings
    return doc


def _read_kind(kind: str, path: Path, limits: Limits, budget: Budget,
               password: str | None) -> ParsedDocument:
    if kind == "text":
        from .text import read_text
        return read_text(path, limits)
    if kind == "pdf":
        from .pdf import read_pdf

        pages, warnings = read_pdf(path, limits, budget, password=password, ocr=_pdf_ocr(budget))
        return assemble(pages, MEDIA_TYPES["pdf"], warnings)
    if kind in IMAGE_KINDS:
        from .image import load_frames
        from .ocr import OcrEngine

        frames = load_frames(path, limits, kind)
        engine = OcrEngine.shared(limits.ocr_threads)
        image_pages: list[Page] = []
        for frame in frames:
            budget.check()
            image_pages.append(Page(engine.read(frame), (float(frame.size[0]), float(frame.size[1])),
                                    ocr=True))
            frame.close()
        return assemble(image_pages, MEDIA_TYPES[kind])
    if kind == "docx":
        from .docx import read_docx

        return read_docx(path, limits, budget)
    raise UnsupportedDocument(f"Reading {kind.upper()} files is not available yet.")


def _pdf_ocr(budget: Budget) -> Callable[[Any], list[PageLine]]:
    def ocr(image: Any) -> list[PageLine]:
        from .image import to_rgb
        from .ocr import OcrEngine

        budget.check()
        return OcrEngine.shared(budget.limits.ocr_threads).read(to_rgb(image))

    return ocr


class SandboxedReader:
    """DocumentReader that parses each file in a fresh child process with resource limits.

    A crash, hang or memory blow-up in a parser (PDFium, Pillow, ONNX Runtime...) ends that
    child only; the caller gets a DocumentError. Results come back as JSON, never pickle.
    """

    def __init__(self, limits: Limits | None = None, *,
                 target: str = "desktop_app.ingestion.reader:read_document") -> None:
        self.limits = limits or Limits()
        self.target = target  # tests point this at misbehaving workers
        self.last_stats = WorkerStats()

    def read(self, path: Path, *, password: str | None = None,
             cancel: CancelToken | None = None) -> ParsedDocument:
        path = Path(path)
        if not path.is_file():
            raise UnsupportedDocument(f"'{path.name}' is not a file Coffer can open.", "Check the path.")
        check_file_size(path, self.limits)  # cheap refusals need no process
        self.last_stats = WorkerStats()
        return run_sandboxed(path, password=password, limits=self.limits, cancel=cancel,
                             target=self.target, stats=self.last_stats)
