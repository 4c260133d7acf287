"""Putting page lines together into one ParsedDocument, and reading order for OCR boxes."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from desktop_app.core.entities import Box, ParsedDocument, TextLine

PAGE_BREAK = "\n\n"  # between pages in ParsedDocument.text; lines carry their page index


@dataclass
class PageLine:
    """One line of one page before assembly: its text, box (top-left origin) and confidence."""

    text: str
    box: Box | None = None
    confidence: float | None = None
    # a paragraph break before it (a blank line in the text): on a PDF page a wider gap above
    blank_before: bool = False


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
                parts.append("\n\n" if line.blank_before else "\n")
                pos += 2 if line.blank_before else 1
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


@dataclass
class Segment:
    """One piece of OCR text with its axis-aligned box (pixels) and confidence."""

    text: str
    box: Box
    confidence: float


def group_rows(segments: Sequence[Segment], min_overlap: float = 0.5,
               min_overlap_of_taller: float = 0.3) -> list[list[Segment]]:
    """Reading order: boxes that share a row (vertical overlap) left to right, rows top down.

    A box joins the row whose first and most recent boxes both overlap it enough, relative to
    the smaller height, so a slightly skewed photo keeps its rows and a tall box between two
    rows cannot chain them into one.
    """
    rows: list[list[Segment]] = []
    for seg in sorted(segments, key=lambda s: (s.box[1] + s.box[3]) / 2):
        best: list[Segment] | None = None
        best_ratio = 0.0
        for row in rows[-8:]:  # only recent rows can still be open
            ratio = min(_overlap(seg.box, row[-1].box, min_overlap_of_taller),
                        _overlap(seg.box, row[0].box, min_overlap_of_taller))
            if ratio > best_ratio:
                best, best_ratio = row, ratio
        if best is not None and best_ratio >= min_overlap:
            best.append(seg)
        else:
            rows.append([seg])
    for row in rows:
        row.sort(key=lambda s: s.box[0])
    rows.sort(key=lambda row: sum((s.box[1] + s.box[3]) / 2 for s in row) / len(row))
    return rows


def _overlap(a: Box, b: Box, of_taller: float) -> float:
    """Vertical overlap as a share of the smaller height; 0 when it is a small share of the
    taller one (a stamp, a big total or handwriting must not chain two rows together)."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    if overlap < of_taller * max(a[3] - a[1], b[3] - b[1]):
        return 0.0
    return overlap / max(1e-6, min(a[3] - a[1], b[3] - b[1]))


# A gap between two boxes of one row wider than this many character widths is a column break
# ("Patient: Mohammed Edwards        Collected: 14 Sep 2024"): it is kept as three spaces, as a
# text layer keeps it, so labels, tables and two-column headers read the same from a scan.
COLUMN_GAP = 2.5
COLUMN_BREAK = "   "
GRID_BREAK = 2  # spaces at least between two columns laid on the page's grid
# the letters of the right-to-left scripts (Hebrew, Arabic and its presentation forms), as a
# character class's body
RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"


def _char_width(row: Sequence[Segment]) -> float:
    widths = sorted((s.box[2] - s.box[0]) / len(s.text.strip()) for s in row if len(s.text.strip()) >= 2)
    return widths[len(widths) // 2] if widths else 0.0


def join_row(row: Sequence[Segment], grid: tuple[float, float] | None = None) -> str:
    """The texts of one row left to right: a space between words, three at a column break.

    With the page's ``grid`` (its left edge and character width) the row is laid on the page's
    character grid, as a PDF text layer is (pdf.text_layer): indented as printed, and each
    column after a break starting at its place, so that a statement's 'Paid out' and 'Paid in'
    amounts, or a table's columns, stay apart as in the plain text of the same page."""
    segs = [s for s in row if s.text.strip()]
    cw = _char_width(segs)
    out = ""
    if grid is not None and segs:
        out = " " * max(0, _grid_column(segs[0], grid))
    for i, s in enumerate(segs):
        if i:
            gap = s.box[0] - segs[i - 1].box[2]
            # (or a gap the OCR found between two columns inside one text box: ocr.column_parts)
            column = (cw and gap > COLUMN_GAP * cw) or getattr(s, "column_before", False)
            if column and grid is not None:
                # (two spaces at least, as a text layer's narrowest column gap: three would push
                # a cell one place right of where the same column starts on the other rows)
                out += " " * max(GRID_BREAK, _grid_column(s, grid) - len(out))
            else:
                out += COLUMN_BREAK if column else " "
        out += s.text.strip()
    return out


def _grid_column(seg: Segment, grid: tuple[float, float]) -> int:
    """The column of the page's character grid (left edge, character width) a box starts at."""
    return round((grid_left(seg) - grid[0]) / grid[1])


def grid_left(seg: Segment) -> float:
    """Where a box starts across the page: its left edge, or on a tilted photo its ``grid_x``
    (the left edge measured along the page's own lines, ocr.deskewed_lefts), so that a column
    starts at one place of the grid all down the page."""
    x = getattr(seg, "grid_x", None)
    return seg.box[0] if x is None else x


def _ink_pitch(segs: Sequence[Segment]) -> float | None:
    """The page's character width by the recogniser's own character cells (OCR boxes' ``ink``:
    first and last cell, pitch) over its boxes of one word of four characters or more; None
    without them. A box's edges are padded by the detector, so widths by box run ~7 % wide, and
    a column 24 places in lands two places short of where a text layer has it."""
    widths = sorted((ink[1] - ink[0]) / len(s.text) for s in segs
                    if (ink := getattr(s, "ink", None)) is not None and len(s.text) >= 4 and " " not in s.text)
    return widths[len(widths) // 2] if len(widths) >= 5 else None


def page_grid(rows: Sequence[Sequence[Segment]]) -> tuple[float, float] | None:
    """(left edge, character width) of a page's text: the median width of a character over
    its boxes of two characters or more; the left edge is the median start of the rows that
    start within a character of the leftmost (the margin: one box a few pixels further left
    must not put half of the rows that start at the margin one place in)."""
    segs = [s for row in rows for s in row if s.text.strip()]
    cw = _ink_pitch(segs) or _char_width(segs)
    if not segs or cw <= 0:
        return None
    starts = sorted(min(grid_left(s) for s in row if s.text.strip()) for row in rows if any(s.text.strip() for s in row))
    margin = [x for x in starts if x < starts[0] + cw]
    return margin[len(margin) // 2], cw


def rows_to_lines(rows: Sequence[Sequence[Segment]], *, grid: bool = False) -> list[PageLine]:
    """One PageLine per row: texts joined (column breaks kept; on the page's character grid
    when ``grid``), union box, character-weighted confidence."""
    lines: list[PageLine] = []
    at = page_grid(rows) if grid else None
    for row in rows:
        if not any(s.text.strip() for s in row):
            continue
        box = (min(s.box[0] for s in row), min(s.box[1] for s in row),
               max(s.box[2] for s in row), max(s.box[3] for s in row))
        weight = sum(len(s.text) for s in row) or 1
        conf = sum(s.confidence * len(s.text) for s in row) / weight
        lines.append(PageLine(join_row(row, at), box, round(conf, 4)))
    return lines


PARAGRAPH_GAP = 0.7  # a gap above a line of more than this × the page's line height is a blank line


def paragraph_breaks(lines: list[PageLine]) -> list[PageLine]:
    """Lines marked blank_before where the page leaves a wider gap above them than between the
    lines of a paragraph (PARAGRAPH_GAP × the page's median line height), as a plain-text file has
    them: a letter's plan and its sign-off, a header and a table stay apart. For PDF text layers
    and for OCR lines alike."""
    heights = sorted(ln.box[3] - ln.box[1] for ln in lines if ln.box and ln.box[3] > ln.box[1])
    if not heights:
        return lines
    height = heights[len(heights) // 2]
    out = []
    for prev, ln in zip([None, *lines], lines, strict=False):
        if (prev is not None and prev.box and ln.box and not ln.blank_before
                and ln.box[1] - prev.box[3] > PARAGRAPH_GAP * height):
            ln = replace(ln, blank_before=True)
        out.append(ln)
    return out
