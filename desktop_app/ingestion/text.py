"""Plain text files (TXT, Markdown, CSV) in any common encoding."""
from __future__ import annotations

import codecs
from pathlib import Path

from desktop_app.core.entities import ParsedDocument
from desktop_app.core.errors import DocumentTooLarge

from .limits import Limits, _human
from .sniff import _utf16_without_bom

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_SUFFIX_MEDIA = {".md": "text/markdown", ".markdown": "text/markdown", ".csv": "text/csv",
                 ".tsv": "text/tab-separated-values"}


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name). Never fails: the last resort, cp1252/latin-1, maps every byte."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace"), name
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what Western European spreadsheets and notepads write.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def clean(text: str) -> str:
    """Unify line ends and drop control characters that would break offsets or display."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # str.splitlines() also breaks on these; make them plain line ends so offsets agree.
    text = text.translate({0x0B: "\n", 0x0C: "\n", 0x1C: "\n", 0x1D: "\n", 0x1E: "\n",
                           0x85: "\n", 0x2028: "\n", 0x2029: "\n"})
    return "".join(ch for ch in text if ch in "\n\t" or not (ch < " " or "\x7f" <= ch <= "\x9f"))


def read_text(path: Path, limits: Limits) -> ParsedDocument:
    size = path.stat().st_size
    if size > limits.max_text_bytes:
        raise DocumentTooLarge(
            f"The text file is {_human(size)}; Coffer reads text files up to "
            f"{_human(limits.max_text_bytes)}."
        )
    with path.open("rb") as fh:
        data = fh.read(limits.max_text_bytes + 1)
    text, encoding = decode(data)
    doc = ParsedDocument.from_text(clean(text), _SUFFIX_MEDIA.get(path.suffix.lower(), "text/plain"))
    if encoding not in ("utf-8",):
        doc.warnings.append(f"Read as {encoding} text.")
    return doc
