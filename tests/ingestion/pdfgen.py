"""A tiny PDF writer for test fixtures: text, JPEG images, hostile streams, RC4 encryption."""
from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass, field

_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


@dataclass
class TextRun:
    x: float
    y: float  # from the bottom, as PDF does
    text: str
    size: float = 12.0


@dataclass
class ImageRun:
    jpeg: bytes
    width: int  # pixels
    height: int
    x: float
    y: float
    w: float  # drawn size in points
    h: float
    gray: bool = False


@dataclass
class PageSpec:
    width: float = 612.0
    height: float = 792.0
    texts: list[TextRun] = field(default_factory=list)
    images: list[ImageRun] = field(default_factory=list)
    rotate: int = 0
    raw_streams: list[bytes] = field(default_factory=list)  # extra (FlateDecode) objects, hostile
    content_flate: bytes | None = None  # replaces the content stream with this FlateDecode data
    raw_images: list[tuple[str, bytes]] = field(default_factory=list)  # (image dict body, data)
    fields: list[tuple[float, float, str]] = field(default_factory=list)  # filled form: x, y, value


def _esc(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


class _Encryption:
    """Standard security handler, revision 2 (40-bit RC4): simple and read by every reader."""

    def __init__(self, user_password: str, file_id: bytes) -> None:
        owner = _PAD  # owner password empty -> padding
        user = (user_password.encode("latin-1") + _PAD)[:32]
        okey = hashlib.md5(owner).digest()[:5]
        self.o = _rc4(okey, user)
        self.p = -44  # print + copy allowed; the value does not matter for reading
        digest = hashlib.md5(user + self.o + self.p.to_bytes(4, "little", signed=True) + file_id)
        self.key = digest.digest()[:5]
        self.u = _rc4(self.key, _PAD)

    def object_key(self, num: int) -> bytes:
        extra = num.to_bytes(3, "little") + (0).to_bytes(2, "little")
        return hashlib.md5(self.key + extra).digest()[:10]


def build_pdf(pages: list[PageSpec], *, password: str | None = None, truncate_at: int | None = None) -> bytes:
    objects: dict[int, bytes] = {}
    streams: dict[int, tuple[bytes, bytes]] = {}  # num -> (dict without Length, raw data)
    next_num = 3
    page_nums: list[int] = []
    form_fields: list[int] = []

    def alloc() -> int:
        nonlocal next_num
        next_num += 1
        return next_num - 1

    font = alloc()
    objects[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    for spec in pages:
        page_num = alloc()
        page_nums.append(page_num)
        content = bytearray()
        xobjects = []
        for k, img in enumerate(spec.images):
            num = alloc()
            cs = "/DeviceGray" if img.gray else "/DeviceRGB"
            streams[num] = (
                f"<< /Type /XObject /Subtype /Image /Width {img.width} /Height {img.height} "
                f"/ColorSpace {cs} /BitsPerComponent 8 /Filter /DCTDecode".encode(), img.jpeg)
            xobjects.append(f"/Im{k} {num} 0 R")
            content += f"q {img.w} 0 0 {img.h} {img.x} {img.y} cm /Im{k} Do Q\n".encode()
        for k, (body, data) in enumerate(spec.raw_images):
            num = alloc()
            streams[num] = (f"<< /Type /XObject /Subtype /Image {body}".encode(), data)
            xobjects.append(f"/Raw{k} {num} 0 R")
            content += f"q {spec.width} 0 0 {spec.height} 0 0 cm /Raw{k} Do Q\n".encode()
        for run in spec.texts:
            content += f"BT /F1 {run.size} Tf {run.x} {run.y} Td (".encode() + _esc(run.text) + b") Tj ET\n"
        for k, raw in enumerate(spec.raw_streams):
            num = alloc()
            streams[num] = (b"<< /Filter /FlateDecode", raw)
            xobjects.append(f"/Bomb{k} {num} 0 R")
        annots = []
        for k, (fx, fy, value) in enumerate(spec.fields):
            ap = alloc()
            streams[ap] = (f"<< /Type /XObject /Subtype /Form /BBox [0 0 200 16] "
                           f"/Resources << /Font << /F1 {font} 0 R >> >>".encode(),
                           b"/Tx BMC BT /F1 10 Tf 2 4 Td (" + _esc(value) + b") Tj ET EMC")
            widget = alloc()
            objects[widget] = (f"<< /Type /Annot /Subtype /Widget /FT /Tx /T (field{k}) "
                               f"/F 4 /Rect [{fx} {fy} {fx + 200} {fy + 16}] /P {page_num} 0 R "
                               f"/AP << /N {ap} 0 R >> /V (").encode() + _esc(value) + b") >>"
            annots.append(widget)
            form_fields.append(widget)
        cnum = alloc()
        if spec.content_flate is not None:
            streams[cnum] = (b"<< /Filter /FlateDecode", spec.content_flate)
        else:
            streams[cnum] = (b"<<", bytes(content))
        res = f"<< /Font << /F1 {font} 0 R >> /XObject << {' '.join(xobjects)} >> >>"
        objects[page_num] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {spec.width} {spec.height}] "
            f"/Rotate {spec.rotate} /Resources {res} /Contents {cnum} 0 R "
            f"/Annots [{' '.join(f'{a} 0 R' for a in annots)}] >>").encode()
    acroform = ""
    if form_fields:
        acroform = (f" /AcroForm << /Fields [{' '.join(f'{n} 0 R' for n in form_fields)}] "
                    f"/DR << /Font << /F1 {font} 0 R >> >> >>")
    objects[1] = f"<< /Type /Catalog /Pages 2 0 R{acroform} >>".encode()
    kids = " ".join(f"{n} 0 R" for n in page_nums)
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_nums)} >>".encode()

    file_id = hashlib.md5(repr(pages).encode()).digest()
    enc = _Encryption(password, file_id) if password is not None else None
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    total = next_num
    for num in range(1, total):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n".encode()
        if num in streams:
            head, data = streams[num]
            if enc is not None:
                data = _rc4(enc.object_key(num), data)
            out += head + f" /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
        else:
            out += objects[num]
        out += b"\nendobj\n"
    enc_num = None
    if enc is not None:
        enc_num = total
        offsets[enc_num] = len(out)
        out += (f"{enc_num} 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <{enc.o.hex()}> "
                f"/U <{enc.u.hex()}> /P {enc.p} >>\nendobj\n").encode()
        total += 1
    xref = len(out)
    out += f"xref\n0 {total}\n0000000000 65535 f \n".encode()
    for num in range(1, total):
        out += f"{offsets[num]:010d} 00000 n \n".encode()
    trailer = f"<< /Size {total} /Root 1 0 R /ID [<{file_id.hex()}> <{file_id.hex()}>]"
    if enc_num:
        trailer += f" /Encrypt {enc_num} 0 R"
    out += f"trailer\n{trailer} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    data = bytes(out)
    return data[:truncate_at] if truncate_at is not None else data


def text_pdf(pages_lines: list[list[str]], *, size: float = 11.0, **kw: object) -> bytes:
    """One page per list of lines, Helvetica, 14 pt line pitch from the top margin."""
    specs = []
    for lines in pages_lines:
        spec = PageSpec()
        for k, line in enumerate(lines):
            spec.texts.append(TextRun(72, 720 - 14 * k, line, size))
        specs.append(spec)
    return build_pdf(specs, **kw)  # type: ignore[arg-type]


def flate_bomb(megabytes: int, fill: bytes = b" ") -> bytes:
    """A stream that inflates to ``megabytes`` MB of ``fill`` (spaces: valid page content)."""
    comp = zlib.compressobj(9)
    chunk = fill * (1024 * 1024)
    data = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.flush()
    return data
