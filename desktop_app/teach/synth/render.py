"""Render generated documents as a text-layer PDF (stdlib) or a scanned-looking PNG (Pillow, optional)."""
from __future__ import annotations

import random
import re
import struct
import zlib
from pathlib import Path

from desktop_app.ingestion.layout import RTL_LETTERS

LINES_PER_PAGE = 64


# A TrueType font to embed when the text has letters WinAnsi lacks (Czech, Turkish, Greek, CJK…)
_UNICODE_FONTS = ("DejaVuSansMono.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
                  "/usr/share/fonts/dejavu/DejaVuSansMono.ttf", "/Library/Fonts/DejaVuSansMono.ttf",
                  "C:/Windows/Fonts/consola.ttf")


def _escape(raw: bytes) -> bytes:
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


# Right-to-left phrases (Arabic, Hebrew) are stored in a PDF in the order they are drawn, left to right
_RTL_PHRASE = re.compile(f"[{RTL_LETTERS}]+(?: [{RTL_LETTERS}]+)*")


def _drawing_order(line: str) -> str:
    """A line with right-to-left text in the order it is drawn: the Unicode bidi algorithm where
    python-bidi is installed (the test extra), else each right-to-left phrase reversed."""
    try:
        from bidi import get_display
    except ImportError:
        return _RTL_PHRASE.sub(lambda m: m.group(0)[::-1], line)
    return str(get_display(line))


def _pdf_string(line: str, unicode: bool = False) -> bytes:
    if unicode:  # two-byte codes = the code point (Identity-H); beyond the BMP a '?'
        if _RTL_PHRASE.search(line):
            line = _drawing_order(line)
        return b"<" + "".join(f"{ord(c) if ord(c) <= 0xFFFF else 63:04X}" for c in line).encode() + b">"
    # Base-14 Courier with WinAnsi covers Western European letters; others print as '?'.
    return _escape(line.encode("cp1252", errors="replace"))


def _font_file() -> bytes | None:
    for name in _UNICODE_FONTS:
        try:
            return Path(name).read_bytes()
        except OSError:
            continue
    return None


def _cmap(ttf: bytes) -> dict[int, int]:
    """Code point -> glyph id from a TrueType font's Windows Unicode BMP cmap (format 4)."""
    num = struct.unpack_from(">H", ttf, 4)[0]
    tables = {ttf[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">II", ttf, 20 + 16 * i) for i in range(num)}
    base = tables[b"cmap"][0]
    out: dict[int, int] = {}
    for k in range(struct.unpack_from(">H", ttf, base + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", ttf, base + 4 + 8 * k)
        sub = base + offset
        if (platform, encoding) != (3, 1) or struct.unpack_from(">H", ttf, sub)[0] != 4:
            continue
        segs = struct.unpack_from(">H", ttf, sub + 6)[0] // 2
        ends = struct.unpack_from(f">{segs}H", ttf, sub + 14)
        starts = struct.unpack_from(f">{segs}H", ttf, sub + 16 + 2 * segs)
        deltas = struct.unpack_from(f">{segs}h", ttf, sub + 16 + 4 * segs)
        ranges_at = sub + 16 + 6 * segs
        ranges = struct.unpack_from(f">{segs}H", ttf, ranges_at)
        for i in range(segs):
            for c in range(starts[i], min(ends[i], 0xFFFE) + 1):
                if ranges[i] == 0:
                    gid = (c + deltas[i]) & 0xFFFF
                else:
                    at = ranges_at + 2 * i + ranges[i] + 2 * (c - starts[i])
                    gid = struct.unpack_from(">H", ttf, at)[0]
                    gid = (gid + deltas[i]) & 0xFFFF if gid else 0
                if gid:
                    out[c] = gid
        break
    return out


def _unicode_font_objects(first: int, ttf: bytes) -> list[bytes]:
    """Objects ``first``… of the CID font under a Type0 font over the embedded ``ttf``: codes are
    code points, a CIDToGIDMap turns them into the font's glyphs, a ToUnicode CMap (object
    ``first + 3``) gives readers the text."""
    gid_map = bytearray(2 * 0x10000)
    for c, g in _cmap(ttf).items():
        gid_map[2 * c : 2 * c + 2] = struct.pack(">H", g)
    ranges = [f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in range(256)]
    blocks = "".join(f"{len(ranges[k : k + 100])} beginbfrange\n" + "\n".join(ranges[k : k + 100]) + "\nendbfrange\n"
                     for k in range(0, 256, 100))
    to_unicode = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
                  "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                  "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
                  "1 begincodespacerange <0000> <FFFF> endcodespacerange\n" + blocks +
                  "endcmap CMapName currentdict /CMap defineresource pop end end\n").encode()

    def stream(data: bytes, extra: str = "") -> bytes:
        packed = zlib.compress(data)
        return f"<< /Length {len(packed)} /Filter /FlateDecode{extra} >>\nstream\n".encode() + packed + b"\nendstream"

    return [
        f"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /DejaVuSansMono /CIDSystemInfo << /Registry (Adobe)"
        f" /Ordering (Identity) /Supplement 0 >> /FontDescriptor {first + 1} 0 R /DW 602"
        f" /CIDToGIDMap {first + 2} 0 R >>".encode(),
        f"<< /Type /FontDescriptor /FontName /DejaVuSansMono /Flags 33 /FontBBox [-558 -375 718 1042]"
        f" /ItalicAngle 0 /Ascent 760 /Descent -240 /CapHeight 729 /StemV 80 /FontFile2 {first + 4} 0 R >>".encode(),
        stream(bytes(gid_map)),
        stream(to_unicode),
        stream(ttf, f" /Length1 {len(ttf)}"),
    ]


def to_pdf(text: str, path: Path, *, font_size: float = 8.5, cells: bool = False) -> Path:
    """A minimal A4 PDF whose text layer is ``text`` line by line, in a monospaced font so table
    columns stay aligned for the PDF reader's layout analysis. With ``cells``, as PDF writers
    print tables: each run of text between gaps of two spaces or more is placed on its own at
    the x position its column has, in a proportional font (Helvetica), with no spaces between
    the runs in the file: the reader must find the columns from the positions. Text with letters
    WinAnsi lacks is written, as PDF writers do, in an embedded TrueType font (DejaVu Sans Mono)
    with a ToUnicode map, when that font is on the machine."""
    lines = text.rstrip("\n").split("\n")
    try:
        text.encode("cp1252")
        ttf = None
    except UnicodeEncodeError:
        ttf = _font_file()
    unicode = ttf is not None
    pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, max(1, len(lines)), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    # 1 catalog, 2 pages, 3 font; then a page and a content stream per page; then the font's parts
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    font_parts = 4 + 2 * len(pages)
    if unicode:
        objects.append(f"<< /Type /Font /Subtype /Type0 /BaseFont /DejaVuSansMono /Encoding /Identity-H"
                       f" /DescendantFonts [{font_parts} 0 R] /ToUnicode {font_parts + 3} 0 R >>".encode())
    else:
        font = b"Helvetica" if cells else b"Courier"
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /" + font + b" /Encoding /WinAnsiEncoding >>")
    leading = font_size * 1.25
    for i, page in enumerate(pages):
        if cells:
            body = [b"BT", f"/F1 {font_size} Tf".encode()]
            for n, line in enumerate(page):
                for m in re.finditer(r"\S+(?: \S+)*", line):
                    x, y = 36 + m.start() * 0.6 * font_size, 800 - n * leading  # Courier's advance
                    body.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm ".encode() + _pdf_string(m.group(), unicode) + b" Tj")
        else:
            body = [b"BT", f"/F1 {font_size} Tf {leading:.2f} TL 36 800 Td".encode()]
            for line in page:
                body.append(_pdf_string(line, unicode) + b" Tj T*")
        body.append(b"ET")
        stream = zlib.compress(b"\n".join(body))
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>"
                       f" /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    if ttf is not None:
        objects += _unicode_font_objects(font_parts, ttf)
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
