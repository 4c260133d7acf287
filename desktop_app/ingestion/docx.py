"""Word (.docx) files: the ZIP container is checked against the limits before python-docx reads it."""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.errors import DamagedDocument, DocumentTooLarge

from .layout import Page, PageLine, assemble
from .limits import Budget, Limits, _human
from .sniff import MEDIA_TYPES

# Below this size a member's compression ratio says nothing (a run of blank XML compresses well).
RATIO_FLOOR_BYTES = 1024 * 1024
_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}  # what Word writes


def check_zip(path: Path, limits: Limits) -> None:
    """Refuse zip bombs and hostile member names before any member is decompressed."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise DamagedDocument("The Word document is damaged (its ZIP container is broken).") from exc
    if len(infos) > limits.max_zip_members:
        raise DocumentTooLarge(f"The Word document holds {len(infos)} parts; Coffer reads at most "
                               f"{limits.max_zip_members}.")
    total = 0
    for info in infos:
        name = PurePosixPath(info.filename.replace("\\", "/"))
        # Nothing is written to disk, but such names only come from crafted files.
        if name.is_absolute() or ".." in name.parts:
            raise DamagedDocument("The Word document has a part whose name points outside it; "
                                  "such files are crafted, not saved by Word.")
        if info.flag_bits & 0x1:
            raise DamagedDocument("Parts of this Word document are encrypted inside the ZIP, "
                                  "which Word never does.",
                                  "Open it in Word and save it again without protection.")
        if info.compress_type not in _METHODS:
            raise DamagedDocument("The Word document uses a compression Coffer does not read.")
        total += info.file_size
        if info.file_size >= RATIO_FLOOR_BYTES:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_zip_ratio:
                raise DocumentTooLarge(
                    f"A part of the Word document expands {ratio:.0f} times "
                    f"(at most {limits.max_zip_ratio:g} is allowed): it looks like a ZIP bomb.",
                    "The file may be crafted to harm; nothing was stored.")
    if total > limits.max_unzipped_bytes:
        raise DocumentTooLarge(f"The Word document unpacks to {_human(total)}; Coffer reads at most "
                               f"{_human(limits.max_unzipped_bytes)}.")


def read_docx(path: Path, limits: Limits, budget: Budget) -> ParsedDocument:
    check_zip(path, limits)
    try:
        return _read(path, budget)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, SyntaxError, EOFError,
            zlib.error, NotImplementedError, RuntimeError) as exc:
        # Broken deflate data, an unknown method or a bad CRC in a member surface here.
        raise DamagedDocument("The Word document is damaged or not a real .docx file.") from exc
    except Exception as exc:  # lxml raises its own XMLSyntaxError for broken parts
        if type(exc).__name__.endswith("XMLSyntaxError"):
            raise DamagedDocument("The Word document has a damaged part.") from exc
        raise


def _read(path: Path, budget: Budget) -> ParsedDocument:
    document = docx.Document(str(path))
    lines: list[PageLine] = []
    seen_header: set[str] = set()
    for section in document.sections:  # letterheads live in headers: the sender, the clinic
        for paragraph in section.header.paragraphs:
            text = paragraph.text.strip()
            if text and text not in seen_header:
                seen_header.add(text)
                lines.append(PageLine(text))
    for block in document.iter_inner_content():
        budget.check()
        if isinstance(block, Paragraph):
            lines.extend(PageLine(part) for part in block.text.split("\n"))
        elif isinstance(block, Table):
            lines.extend(_table_lines(block))
    seen_footer: set[str] = set()
    for section in document.sections:
        for paragraph in section.footer.paragraphs:
            text = paragraph.text.strip()
            if text and text not in seen_footer:
                seen_footer.add(text)
                lines.append(PageLine(text))
    doc = assemble([Page(lines=lines, size=(0.0, 0.0))], MEDIA_TYPES["docx"])
    doc.page_sizes = []  # Word text flows; it has no fixed pages or boxes
    return doc


def _table_lines(table: Table) -> list[PageLine]:
    """One line per table row, cells separated by a tab; merged cells are named once."""
    out: list[PageLine] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell repeats across the columns it spans
                continue
            previous = cell._tc
            cells.append(" ".join(cell.text.split()))
        text = "\t".join(cells).strip()
        if text:
            out.append(PageLine(text))
    return out
