"""Resource limits for reading one untrusted document, and the checks that enforce them."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from desktop_app.core.errors import DocumentTooLarge
from desktop_app.core.jobs import CancelToken

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one document may cost. Defaults fit real papers with a wide margin."""

    max_file_bytes: int = 256 * MB  # a 100-page colour scan is ~60 MB
    max_text_bytes: int = 32 * MB  # plain text files; far beyond any real letter or statement
    max_pages: int = 1000  # checked before any page is parsed or rendered
    max_page_points: float = 14400.0  # PDF spec maximum page side (200 inches)
    max_image_pixels: int = 50_000_000  # per decoded image (a 50 MP phone photo)
    max_render_pixels: int = 25_000_000  # per rendered PDF page; the scale is lowered to fit
    max_stream_bytes: int = 256 * MB  # one PDF stream, unpacked (a 600 dpi A4 colour scan ~100 MB)
    max_zip_members: int = 5000  # DOCX; real files have tens to a few hundred
    max_zip_ratio: float = 100.0  # DOCX member uncompressed/compressed size
    max_unzipped_bytes: int = 1024 * MB  # all DOCX members, or all PDF Flate streams, together
    max_seconds: float = 300.0  # wall time per document (OCR of a long scan is ~2 s a page)
    max_memory_bytes: int = 2048 * MB  # address space of the sandboxed worker (OCR needs ~1.5 GB)
    startup_seconds: float = 15.0  # worker interpreter start and imports, on a busy laptop
    ocr_dpi: float = 200.0  # rendering resolution of a PDF page that needs OCR
    ocr_threads: int = 2  # leave cores for the UI and the language model (FACTS.md)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Limits:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


class Budget:
    """Wall-clock deadline plus cancellation, checked between pages and lines of work."""

    def __init__(self, limits: Limits, cancel: CancelToken | None = None) -> None:
        self.limits = limits
        self.cancel = cancel
        self.started = time.monotonic()

    def check(self) -> None:
        if self.cancel is not None:
            self.cancel.raise_if_cancelled()
        elapsed = time.monotonic() - self.started
        if elapsed > self.limits.max_seconds:
            raise DocumentTooLarge(
                f"Reading the document took longer than {self.limits.max_seconds:g} seconds."
            )


def check_file_size(path: Path, limits: Limits) -> int:
    """Refuse a file bigger than the limit before reading a byte of it."""
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise DocumentTooLarge(
            f"The file is {_human(size)}; Coffer reads files up to {_human(limits.max_file_bytes)}."
        )
    return size


def check_pages(count: int, limits: Limits) -> None:
    if count > limits.max_pages:
        raise DocumentTooLarge(
            f"The document has {count} pages; Coffer reads up to {limits.max_pages} pages at a time."
        )


def check_pixels(width: int, height: int, limits: Limits) -> None:
    if width * height > limits.max_image_pixels:
        raise DocumentTooLarge(
            f"The image is {width}×{height} pixels ({width * height / 1e6:.1f} megapixels); "
            f"Coffer reads images up to {limits.max_image_pixels / 1e6:g} megapixels.",
            "Scan or export it again at a lower resolution (300 dpi is plenty).")


def _human(size: int) -> str:
    if size >= 1024 * MB:
        return f"{size / (1024 * MB):.1f} GB"
    if size >= MB:
        return f"{size / MB:.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
