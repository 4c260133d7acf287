"""Word (.docx) files: the ZIP container is checked against the limits, then the text of the body,
its tables and the letterhead is read with zipfile and ElementTree (no DOCTYPE accepted)."""
from __future__ import annotations

import posixpath
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

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
        with zipfile.ZipFile(path) as zf:
            return _read(zf, budget)
    except (KeyError, ValueError, zipfile.BadZipFile, OSError, SyntaxError, EOFError,
            zlib.error, NotImplementedError, RuntimeError) as exc:
        # Broken deflate data, an unknown method or a bad CRC in a member, broken XML
        # (ElementTree's ParseError is a SyntaxError) or a DOCTYPE surface here.
        raise DamagedDocument("The Word document is damaged or not a real .docx file.") from exc


# --- WordprocessingML with the standard library --------------------------------------------------
# What python-docx's Document.iter_inner_content, Paragraph.text and _Row.cells gave, read with
# zipfile and ElementTree: no lxml, and only the parts that hold text are decompressed.
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAIN = "word/document.xml"  # what sniff() found; Word always names it so
_P, _TBL, _TR, _TC, _R_RUN = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc", f"{_W}r"
# A run's text: its w:t, and what its breaks, tabs and hyphens stand for (python-docx's CT_R.text).
_RUN_TEXT = {f"{_W}tab": "\t", f"{_W}ptab": "\t", f"{_W}cr": "\n", f"{_W}noBreakHyphen": "-"}


class _NoDoctype(ET.TreeBuilder):
    """Word never writes a DOCTYPE: a part with one is crafted (entity expansion, external
    entities). Expat stops at the declaration, before any entity in it is defined."""

    def doctype(self, name, pubid, system):  # noqa: ARG002 - ElementTree's callback
        raise ValueError("a DOCTYPE in a Word part")


def _xml(zf: zipfile.ZipFile, name: str) -> ET.Element:
    parser = ET.XMLParser(target=_NoDoctype())
    parser.feed(zf.read(name))
    return parser.close()


def _relationships(zf: zipfile.ZipFile) -> dict[str, str]:
    """The document part's relationship ids -> member names (headers, footers)."""
    name = "word/_rels/document.xml.rels"
    if name not in zf.NameToInfo:
        return {}
    out: dict[str, str] = {}
    for rel in _xml(zf, name).iter(f"{_PKG_RELS}Relationship"):
        target, rid = rel.get("Target"), rel.get("Id")
        if not target or not rid or rel.get("TargetMode") == "External":
            continue
        out[rid] = posixpath.normpath(posixpath.join("/word", target)).lstrip("/")
    return out


def _run_text(run: ET.Element) -> str:
    parts: list[str] = []
    for child in run:
        if child.tag == f"{_W}t":
            parts.append(child.text or "")
        elif child.tag == f"{_W}br":  # a line break; page and column breaks are no text
            parts.append("\n" if child.get(f"{_W}type", "textWrapping") == "textWrapping" else "")
        else:
            parts.append(_RUN_TEXT.get(child.tag, ""))
    return "".join(parts)


def _paragraph_text(p: ET.Element) -> str:
    """Runs and hyperlinks directly in the paragraph (python-docx's Paragraph.text)."""
    parts: list[str] = []
    for child in p:
        if child.tag == _R_RUN:
            parts.append(_run_text(child))
        elif child.tag == f"{_W}hyperlink":
            parts.extend(_run_text(run) for run in child.findall(_R_RUN))
    return "".join(parts)


def _header_footer_lines(zf: zipfile.ZipFile, body: ET.Element | None, rels: dict[str, str],
                         kind: str) -> list[PageLine]:
    """Each section's main header (or footer) once, paragraph by paragraph, stripped. A section
    without its own repeats the previous section's, which is already there."""
    if body is None:
        return []
    section_props = [p for para in body.findall(_P) for p in para.findall(f"{_W}pPr/{_W}sectPr")]
    section_props += body.findall(f"{_W}sectPr")
    lines: list[PageLine] = []
    seen: set[str] = set()
    for props in section_props:
        for ref in props.findall(f"{_W}{kind}Reference"):
            if ref.get(f"{_W}type") != "default":
                continue
            part = _xml(zf, rels[ref.get(f"{_R}id", "")])  # KeyError: a dangling reference
            for paragraph in part.findall(_P):
                text = _paragraph_text(paragraph).strip()
                if text and text not in seen:
                    seen.add(text)
                    lines.append(PageLine(text))
            break
    return lines


def _read(zf: zipfile.ZipFile, budget: Budget) -> ParsedDocument:
    body = _xml(zf, _MAIN).find(f"{_W}body")
    rels = _relationships(zf)
    lines = _header_footer_lines(zf, body, rels, "header")  # letterheads: the sender, the clinic
    for block in (body if body is not None else ()):
        if block.tag == _P:
            budget.check()
            lines.extend(PageLine(part) for part in _paragraph_text(block).split("\n"))
        elif block.tag == _TBL:
            budget.check()
            lines.extend(_table_lines(block))
    lines += _header_footer_lines(zf, body, rels, "footer")
    doc = assemble([Page(lines=lines, size=(0.0, 0.0))], MEDIA_TYPES["docx"])
    doc.page_sizes = []  # Word text flows; it has no fixed pages or boxes
    return doc


def _int_val(parent: ET.Element | None, tag: str, default: int) -> int:
    child = parent.find(f"{_W}{tag}") if parent is not None else None
    return default if child is None else int(child.attrib[f"{_W}val"])


def _span(tc: ET.Element) -> int:
    return _int_val(tc.find(f"{_W}tcPr"), "gridSpan", 1)


def _continues(tc: ET.Element) -> bool:
    """The cell is the lower part of a vertical merge (w:vMerge, its val 'continue' by default)."""
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return merge is not None and merge.get(f"{_W}val", "continue") == "continue"


def _table_lines(table: ET.Element) -> list[PageLine]:
    """One line per table row, cells separated by a tab; a merged cell is named once per row:
    across the columns it spans, and in each row of a vertical merge (python-docx's _Row.cells)."""
    rows = table.findall(_TR)
    cells = [row.findall(_TC) for row in rows]
    before = [_int_val(row.find(f"{_W}trPr"), "gridBefore", 0) for row in rows]
    top: dict[tuple[int, int], ET.Element] = {}  # (row, cell) of a continued merge -> its top cell

    def at_offset(r: int, offset: int) -> int:
        remaining = offset - before[r]
        for c, tc in enumerate(cells[r]):
            if remaining < 0:
                break
            if remaining == 0:
                return c
            remaining -= _span(tc)
        raise ValueError(f"no cell at grid offset {offset}")

    def resolve(r: int, c: int) -> ET.Element:
        chain: list[tuple[int, int]] = []
        while _continues(cells[r][c]) and (r, c) not in top:
            if r == 0:
                raise ValueError("a vertical merge continues the top row")
            chain.append((r, c))
            offset = before[r] + sum(_span(tc) for tc in cells[r][:c])
            r, c = r - 1, at_offset(r - 1, offset)
        found = top.get((r, c), cells[r][c])
        for key in chain:
            top[key] = found
        return found

    out: list[PageLine] = []
    for r in range(len(rows)):
        texts: list[str] = []
        previous = None
        for c in range(len(cells[r])):
            tc = resolve(r, c)
            for _ in range(_span(tc)):
                if tc is previous:  # a merged cell repeats across the columns it spans
                    continue
                previous = tc
                cell_text = "\n".join(_paragraph_text(p) for p in tc.findall(_P))
                texts.append(" ".join(cell_text.split()))
        text = "\t".join(texts).strip()
        if text:
            out.append(PageLine(text))
    return out
