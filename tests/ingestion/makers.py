"""Builders for ingestion fixtures: scans rendered from text, odd images, Word files, bombs."""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SCAN_LINES = [
    "CITY PHARMACY LTD",
    "12 High Street, Springfield",
    "Date: 14/03/2024",
    "Paracetamol 500mg x2 4.50",
    "TOTAL EUR 12.30",
]


def scan_image(lines: list[str] | None = None, size: int = 28) -> Image.Image:
    """A clean 'scan' of some lines of text, black on white."""
    lines = lines or SCAN_LINES
    font = ImageFont.load_default(size=size)
    pitch = int(size * 1.6)
    img = Image.new("RGB", (int(size * 0.62 * max(map(len, lines))) + 80, 60 + pitch * len(lines)),
                    "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 30 + pitch * i), line, fill="black", font=font)
    return img


def save(img: Image.Image, path: Path, fmt: str | None = None, **kw: object) -> Path:
    img.save(path, format=fmt, **kw)
    return path


def jpeg_bytes(img: Image.Image, quality: int = 90) -> bytes:
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A valid 1-bit PNG of width×height, all white, streamed so it costs no memory to make.

    20000×20000 compresses to about 60 KB: a decompression bomb for anyone who decodes it.
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * ((width + 7) // 8)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def docx_file(path: Path, paragraphs: list[str], table: list[list[str]] | None = None,
              header: str | None = None) -> Path:
    import docx

    document = docx.Document()
    if header:
        document.sections[0].header.paragraphs[0].text = header
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    document.save(path)
    return path


def rezip(src: Path, dst: Path, extra: dict[str, bytes] | None = None,
          replace: dict[str, bytes] | None = None) -> Path:
    """Copy a .docx, adding or replacing members (for bombs and hostile names)."""
    extra = extra or {}
    replace = replace or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in extra.items():
            zout.writestr(name, data)
    return dst
