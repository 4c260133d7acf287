"""Putting page lines together into one ParsedDocument, and reading order for OCR boxes."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.core.entities import Box, ParsedDocument, TextLine

PAGE_BREAK = "\n\n"  # between pages in ParsedDocument.text; lines carry their page index


@dataclass
class PageLine:
    """One line of one page before assembly: its text, box (top-left origin) and confidence."""

    text: str
    box: Box | None = None
    confidence: float | None = None


@dataclass
class Page:
    lines: list[PageLine]
    size: tuple[float, float]
    ocr: bool = False


def assemble(pages: Sequence[Page], media_type: str, warnings: Sequence[str] = ()) -> ParsedDocument:
    """Join pages into the document text; every line keeps its offsets, page and box."""
    parts: list[str] = []
    lines: list[TextLine] = []
    pos = 0
    confidences: list[tuple[float, int]] = []
    for index, page in enumerate(pages):
        if index and parts:
            parts.append(PAGE_BREAK)
            pos += len(PAGE_BREAK)
        first = True
        for line in page.lines:
            text = line.text.replace("\n", " ").replace("\r", " ")
            if not text.strip():
                continue
            if not first:
                parts.append("\n")
                pos += 1
            first = False
            parts.append(text)
            lines.append(TextLine(start=pos, end=pos + len(text), page=index, box=line.box,
                                  confidence=line.confidence))
            if line.confidence is not None:
                confidences.append((line.confidence, len(text)))
            pos += len(text)
    ocr_used = any(page.ocr for page in pages)
    mean = None
    if confidences:
        # Weighted by characters, so a one-letter smudge does not count as much as a whole line.
        total = sum(n for _, n in confidences)
        mean = sum(c * n for c, n in confidences) / total if total else None
    return ParsedDocument(
        text="".join(parts),
        lines=lines,
        media_type=media_type,
        page_count=len(pages),
        page_sizes=[page.size for page in pages],
        ocr_used=ocr_used,
        ocr_confidence=round(mean, 4) if mean is not None else None,
        warnings=list(warnings),
    )
