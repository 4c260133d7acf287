"""Render generated documents as a text-layer PDF (stdlib) or a scanned-looking PNG (Pillow, optional)."""
from __future__ import annotations

import random
import re
import zlib
from pathlib import Path

LINES_PER_PAGE = 64


def _pdf_string(line: str) -> bytes:
    # Base-14 Courier with WinAnsi covers Western European letters; others print as '?'.
    raw = line.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def to_pdf(text: str, path: Path, *, font_size: float = 8.5, cells: bool = False) -> Path:
    """A minimal A4 PDF whose text layer is ``text`` line by line, in a monospaced font so table
    columns stay aligned for the PDF reader's layout analysis. With ``cells``, as PDF writers
    print tables: each run of text between gaps of two spaces or more is placed on its own at
    the x position its column has, in a proportional font (Helvetica), with no spaces between
    the runs in the file: the reader must find the columns from the positions."""
    lines = text.rstrip("\n").split("\n")
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, max(1, len(lines)), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    # 1 catalog, 2 pages, 3 font; then a page and a content stream per page
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font = b"Helvetica" if cells else b"Courier"
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /" + font + b" /Encoding /WinAnsiEncoding >>")
    leading = font_size * 1.25
    for i, page in enumerate(pages):
        if cells:
            body = [b"BT", f"/F1 {font_size} Tf".encode()]
            for n, line in enumerate(page):
                for m in re.finditer(r"\S+(?: \S+)*", line):
                    x, y = 36 + m.start() * 0.6 * font_size, 800 - n * leading  # Courier's advance
                    body.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ".encode() + _pdf_string(m.group()) + b" Tj")
        else:
            body = [b"BT", f"/F1 {font_size} Tf {leading:.2f} TL 36 800 Td".encode()]
            for line in page:
                body.append(_pdf_string(line) + b" Tj T*")
        body.append(b"ET")
        stream = zlib.compress(b"\n".join(body))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       f" /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(bytes(out))
    return path


def to_png(text: str, path: Path, *, seed: int = 0, rotate: float | None = None, noise: float = 0.02,
           font_path: str | None = None) -> Path:
    """A phone-photo-like image of the page: slight rotation, speckles and blur. Needs Pillow."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    rng = random.Random(seed)
    lines = text.rstrip("\n").split("\n")
    try:
        font = ImageFont.truetype(font_path or "DejaVuSansMono.ttf", 18)
    except OSError:
        try:
            font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf", 18)
        except OSError:
            font = ImageFont.load_default(size=18)
    width = max(60, max((len(x) for x in lines), default=60)) * 11 + 80
    height = len(lines) * 24 + 80
    img = Image.new("L", (width, height), 250)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((40, 40 + 24 * i), line, fill=rng.randint(10, 50), font=font)
    px = img.load()
    for _ in range(int(width * height * noise)):
        px[rng.randrange(width), rng.randrange(height)] = rng.randint(80, 200)
    angle = rotate if rotate is not None else rng.uniform(-2.0, 2.0)
    img = img.rotate(angle, expand=True, fillcolor=250, resample=Image.Resampling.BICUBIC)
    img = img.filter(ImageFilter.GaussianBlur(radius=rng.uniform(0.3, 0.8)))
    img.save(path)
    return path
