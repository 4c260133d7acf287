"""PDF files through PDFium (pypdfium2): text layer with line boxes, page rendering for OCR."""
from __future__ import annotations

import ctypes
import mmap
import re
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from desktop_app.core.entities import Box
from desktop_app.core.errors import (
    DamagedDocument,
    DocumentTooLarge,
    PasswordRequired,
    UnsupportedDocument,
)

from .layout import (
    COLUMN_BREAK,
    COLUMN_GAP,
    GRID_BREAK,
    RTL_LETTERS,
    Page,
    PageLine,
    Segment,
    group_rows,
    join_row,
    paragraph_breaks,
)
from .limits import Budget, Limits, _human, check_pages

# A page whose text layer has fewer visible characters than this, and an image on it, is a scan.
MIN_TEXT_CHARS = 20
# Share of unmappable characters (U+FFFD, private use, controls) above which a text layer is
# garbage from a broken font encoding and the page is read by OCR instead.
MAX_JUNK_SHARE = 0.3

# (rendered page image, scale pixels per point) -> lines with boxes in pixels
OcrFunction = Callable[[Any], list[PageLine]]


def open_pdf(path: Path, password: str | None) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            if password:
                raise PasswordRequired("The password for this PDF is not correct.") from exc
            raise PasswordRequired("This PDF is protected by a password.") from exc
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise UnsupportedDocument("This PDF uses a kind of protection Coffer cannot open.",
                                      "Print it to a new PDF without protection and add that.") from exc
        raise DamagedDocument("This PDF is damaged or not a complete PDF file.") from exc


_STREAM = re.compile(rb"stream\r?\n")


def check_streams(path: Path, limits: Limits) -> None:
    """Refuse Flate bombs before PDFium sees them: PDFium inflates a whole stream into memory
    (a 1 MB file that inflates to 1 GB took 2 GB of memory), so every Flate stream is inflated
    here first, in bounded chunks whose output is counted and thrown away."""
    total = 0
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        for match in _STREAM.finditer(data):
            head = data[max(0, match.start() - 512):match.start()]
            if b"Flate" not in head[head.rfind(b"<<"):] and b"/Fl" not in head[head.rfind(b"<<"):]:
                continue
            size = _inflated_size(data, match.end(), limits.max_stream_bytes + 1)
            total += size
            if size > limits.max_stream_bytes or total > limits.max_unzipped_bytes:
                raise DocumentTooLarge(
                    f"A part of this PDF expands to more than "
                    f"{_human(min(size, limits.max_stream_bytes) if size > limits.max_stream_bytes else total)}"
                    f" when unpacked: it looks like a compression bomb.",
                    "The file may be crafted to harm; nothing was stored.")


def _inflated_size(data: mmap.mmap, start: int, cap: int) -> int:
    inflater = zlib.decompressobj()
    size = 0
    pos = start
    chunk = 1 << 16
    try:
        while pos < len(data) and size < cap:
            piece = inflater.decompress(data[pos:pos + chunk], 1 << 20)
            pos += chunk
            size += len(piece)
            while inflater.unconsumed_tail and size < cap and not inflater.eof:
                out = inflater.decompress(inflater.unconsumed_tail, 1 << 20)  # bounded output
                if not out:
                    break
                size += len(out)
            if inflater.eof:
                break
    except zlib.error:
        pass  # not Flate after all, or encrypted: PDFium judges it, inside the sandbox
    return size


def read_pdf(path: Path, limits: Limits, budget: Budget, *, password: str | None = None,
             ocr: OcrFunction | None = None) -> tuple[list[Page], list[str]]:
    """Every page: the text layer where it is usable, otherwise OCR of the rendered page."""
    warnings: list[str] = []
    check_streams(path, limits)
    pdf = open_pdf(path, password)
    try:
        count = len(pdf)
        check_pages(count, limits)
        if count == 0:
            raise DamagedDocument("This PDF has no pages.")
        pages: list[Page] = []
        for index in range(count):
            budget.check()
            try:
                page = _flattened(pdf, index)
            except pdfium.PdfiumError as exc:
                raise DamagedDocument(f"Page {index + 1} of this PDF is damaged.") from exc
            try:
                pages.append(_read_page(page, index, limits, ocr, warnings))
            finally:
                page.close()
        return pages, warnings
    finally:
        pdf.close()


def _flattened(pdf: pdfium.PdfDocument, index: int) -> pdfium.PdfPage:
    """The page with its filled-in form fields and visible annotations drawn into its content:
    a payslip or claim form keeps its values in widgets, which the text layer leaves out."""
    page = pdf[index]
    if pdfium_c.FPDFPage_GetAnnotCount(page.raw) <= 0:
        return page
    if pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY) != pdfium_c.FLATTEN_SUCCESS:
        return page  # nothing to flatten, or it failed: read the page as it is
    page.close()  # PDFium shows the flattened content only on a freshly loaded page
    page = pdf[index]
    page.coffer_flattened = True  # type: ignore[attr-defined]
    return page


def _read_page(page: pdfium.PdfPage, index: int, limits: Limits, ocr: OcrFunction | None,
               warnings: list[str]) -> Page:
    width, height = page.get_size()
    if max(width, height) > limits.max_page_points:
        raise DocumentTooLarge(
            f"Page {index + 1} is {width / 72:.0f}×{height / 72:.0f} inches; the PDF standard "
            f"allows at most {limits.max_page_points / 72:.0f} inches a side.",
            "Such pages come from damaged or crafted files; export or print it again at a "
            "normal paper size.")
    lines, visible, junk = text_layer(page)
    if getattr(page, "coffer_flattened", False):
        # Flattened field values come after all the page's own text: put each back on the
        # row of its label ("Net pay:" "2,100.00").
        lines = _in_rows(lines)
    garbled = junk > MAX_JUNK_SHARE * max(visible, 1)
    if visible >= MIN_TEXT_CHARS and not garbled:
        return Page(lines=lines, size=(width, height))
    # Little or garbled text: a scan (maybe with a stamped page number) or a broken font.
    needs_ocr = garbled or _has_images(page)
    if not needs_ocr:
        return Page(lines=lines, size=(width, height))
    if ocr is None:
        warnings.append(f"Page {index + 1} looks scanned but OCR is not available.")
        return Page(lines=[] if garbled else lines, size=(width, height))
    scale = render_scale(width, height, limits)
    image = page.render(scale=scale).to_pil()
    ocr_lines = ocr(image)
    image.close()
    # Back to page points, so every box of a PDF is in the same units whatever its source.
    return Page(lines=[PageLine(ln.text, _scale_box(ln.box, 1 / scale), ln.confidence)
                       for ln in ocr_lines], size=(width, height), ocr=True)


def _in_rows(lines: list[PageLine]) -> list[PageLine]:
    boxed = [Segment(ln.text, ln.box, 0.0) for ln in lines if ln.box]
    if len(boxed) != len(lines):
        return lines
    out = []
    for row in group_rows(boxed):
        box = (min(s.box[0] for s in row), min(s.box[1] for s in row),
               max(s.box[2] for s in row), max(s.box[3] for s in row))
        indent = row[0].text[: len(row[0].text) - len(row[0].text.lstrip())]
        out.append(PageLine(indent + join_row(row), box))
    return out


def render_scale(width: float, height: float, limits: Limits) -> float:
    """ocr_dpi, lowered so that the rendered page stays within max_render_pixels."""
    scale = limits.ocr_dpi / 72.0
    pixels = width * height * scale * scale
    if pixels > limits.max_render_pixels:
        scale = (limits.max_render_pixels / (width * height)) ** 0.5 * 0.999
    return scale


def _scale_box(box: Box | None, factor: float) -> Box | None:
    if box is None:
        return None
    return (box[0] * factor, box[1] * factor, box[2] * factor, box[3] * factor)


def _has_images(page: pdfium.PdfPage) -> bool:
    for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=4):
        return True
    return False


def text_layer(page: pdfium.PdfPage) -> tuple[list[PageLine], int, int]:
    """(lines with boxes in points from the top-left, visible char count, unmappable count).

    PDFium gives the characters in reading order with one space wherever words are apart, even
    between table columns. Each line is laid out again on the page's character grid, as
    ``pdftotext -layout`` does: a character starts at the column its x position falls in (one
    column is the page's median character width), so a table's cells line up under their
    headings as in a plain-text file, and a gap of more than COLUMN_GAP characters is at least
    a COLUMN_BREAK."""
    textpage = page.get_textpage()
    try:
        count = pdfium_c.FPDFText_CountChars(textpage.raw)
        if count <= 0:
            return [], 0, 0
        transform = _display_transform(page)
        rect = pdfium_c.FS_RECTF()
        raw_lines: list[list[tuple[str, Box | None]]] = []
        current: list[tuple[str, Box | None]] = []
        visible = junk = 0
        for i in range(count):
            code = pdfium_c.FPDFText_GetUnicode(textpage.raw, i)
            if code in (10, 13):
                raw_lines.append(current)
                current = []
                continue
            ch = _char(code)
            if ch.isspace() or ch == "":
                if current and current[-1][0] != " ":
                    current.append((" ", None))
                continue
            visible += 1
            if ch == "\ufffd" or 0xE000 <= code <= 0xF8FF:
                junk += 1
            box = None
            if pdfium_c.FPDFText_GetLooseCharBox(textpage.raw, i, ctypes.byref(rect)):
                box = transform(rect.left, rect.bottom, rect.right, rect.top)
            current.append((ch, box))
        raw_lines.append(current)
        return _lay_out(raw_lines), visible, junk
    finally:
        textpage.close()


# Two characters' width apart is already a cell boundary in a text layer: a word space is at
# most one (a monospaced statement prints 'DATE  TIME  DESCRIPTION' two spaces apart)
PDF_COLUMN_GAP = 1.6


def _lay_out(raw_lines: list[list[tuple[str, Box | None]]]) -> list[PageLine]:
    """Lines of (character, box) as text on the page's character grid (see text_layer)."""
    boxes = [b for line in raw_lines for ch, b in line if b is not None and ch != " "]
    widths = sorted(b[2] - b[0] for b in boxes if b[2] > b[0])
    width = widths[len(widths) // 2] if widths else 0.0
    left = min((b[0] for b in boxes), default=0.0)
    lines: list[PageLine] = []
    for line in raw_lines:
        line = _logical_rtl(line, width)
        first = next((b for ch, b in line if b is not None and ch != " "), None)
        indent = int(round((first[0] - left) / width)) if first is not None and width > 0 else 0
        out: list[str] = []
        size = indent  # the line's length so far, its indentation included
        last_right: float | None = None
        union: list[float] | None = None
        for ch, b in line:
            if ch == " ":
                if out and out[-1] != " ":
                    out.append(" ")
                    size += 1
                continue
            if b is not None and width > 0 and out:
                column = int(round((b[0] - left) / width))
                gap = b[0] - last_right if last_right is not None else 0.0
                if gap > PDF_COLUMN_GAP * width:
                    while out and out[-1] == " ":
                        out.pop()
                        size -= 1
                    # (two spaces at least, three past a gap an OCR'd page would call a column)
                    pad = max(len(COLUMN_BREAK) if gap > COLUMN_GAP * width else GRID_BREAK, column - size)
                    out.append(" " * pad)
                    size += pad
            out.append(ch)
            size += 1
            if b is not None:
                last_right = b[2]
                union = list(b) if union is None else [min(union[0], b[0]), min(union[1], b[1]),
                                                       max(union[2], b[2]), max(union[3], b[3])]
        text = "".join(out).strip()
        if text:
            lines.append(PageLine(" " * indent + text, tuple(union) if union else None))  # type: ignore[arg-type]
    return paragraph_breaks(lines)


_RTL_LETTER = re.compile(f"[{RTL_LETTERS}]")


def _logical_rtl(line: list[tuple[str, Box | None]], width: float) -> list[tuple[str, Box | None]]:
    """A line with right-to-left phrases (Arabic, Hebrew) in the order a text file keeps: its
    cells from left to right, each phrase in reading order. PDFium gives the letters of each
    right-to-left word in reading order, but the words of a phrase from left to right ('الكبير
    البائع' for 'البائع الكبير'), and on a line that starts right to left, its cells from right
    to left. So the words of a phrase (right-to-left words less than a column gap apart) are put
    right to left with their letters spread evenly over the width the phrase takes, and the
    line's cells (runs of words less than a column gap apart) from left to right. Lines without
    right-to-left letters are left as they are."""
    if width <= 0 or not any(_RTL_LETTER.match(ch) for ch, _ in line):
        return line
    words: list[list[tuple[str, Box | None]]] = []
    for ch, box in line:
        if ch == " ":
            if words and words[-1]:
                words.append([])
        elif not words:
            words.append([(ch, box)])
        else:
            words[-1].append((ch, box))
    words = [w for w in words if w]
    if any(b is None for w in words for _, b in w):
        return line

    def edges(w: list[tuple[str, Box | None]]) -> tuple[float, float]:
        return min(b[0] for _, b in w if b), max(b[2] for _, b in w if b)

    def apart(u: list[tuple[str, Box | None]], v: list[tuple[str, Box | None]]) -> bool:
        (l1, r1), (l2, r2) = edges(u), edges(v)
        return max(l2 - r1, l1 - r2) > PDF_COLUMN_GAP * width

    def rtl(w: list[tuple[str, Box | None]]) -> bool:
        return any(_RTL_LETTER.match(ch) for ch, _ in w)

    units: list[list[tuple[str, Box | None]]] = []
    k = 0
    while k < len(words):
        run = [words[k]]
        while rtl(run[0]) and k + 1 < len(words) and rtl(words[k + 1]) and not apart(run[-1], words[k + 1]):
            k += 1
            run.append(words[k])
        k += 1
        if not rtl(run[0]):
            units.append(run[0])
            continue
        chars = [ch for n, w in enumerate(sorted(run, key=lambda w: -edges(w)[1]))
                 for ch in ([" "] if n else []) + [c for c, _ in w]]
        boxes = [b for w in run for _, b in w if b is not None]
        left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
        top, bottom = min(b[1] for b in boxes), max(b[3] for b in boxes)
        step = (right - left) / len(chars)
        units.append([(ch, (left + n * step, top, left + (n + 1) * step, bottom)) for n, ch in enumerate(chars)])
    cells: list[list[list[tuple[str, Box | None]]]] = []
    for u in units:
        if cells and not apart(cells[-1][-1], u):
            cells[-1].append(u)
        else:
            cells.append([u])
    cells.sort(key=lambda cell: min(edges(u)[0] for u in cell))
    out: list[tuple[str, Box | None]] = []
    for cell in cells:
        # a cell whose leftmost word is written left to right ('Issuer / البائع') reads from the
        # left; one that starts right to left ('תאריך: 21/11/2024') from the right
        strong = sorted((u for u in cell if any(ch.isalpha() for ch, _ in u)), key=lambda u: edges(u)[0])
        from_left = bool(strong) and not rtl(strong[0])
        cell.sort(key=lambda u: edges(u)[0] if from_left else -edges(u)[1])
        for u in cell:
            out += ([(" ", None)] if out else []) + u
    return out


def _char(code: int) -> str:
    if code == 2:
        return "-"  # PDFium reports a soft hyphen at a line end as U+0002
    if code < 32 or 0x7F <= code <= 0x9F:
        return ""
    if 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return "\ufffd"
    if 0xFB00 <= code <= 0xFB06:  # ligatures (ﬁ, ﬂ, ﬀ...) would hide words from search
        return unicodedata.normalize("NFKC", chr(code))
    return chr(code)


def _display_transform(page: pdfium.PdfPage) -> Callable[[float, float, float, float], Box]:
    """Map a box in PDF user space to the displayed page: points, origin top-left, y down."""
    x0, y0, x1, y1 = page.get_cropbox()
    rotation = page.get_rotation() % 360

    def transform(left: float, bottom: float, right: float, top: float) -> Box:
        if rotation == 90:
            return (bottom - y0, left - x0, top - y0, right - x0)
        if rotation == 180:
            return (x1 - right, bottom - y0, x1 - left, top - y0)
        if rotation == 270:
            return (y1 - top, x1 - right, y1 - bottom, x1 - left)
        return (left - x0, y1 - top, right - x0, y1 - bottom)

    return transform
