"""PDF: text layer with line boxes, passwords, page limits, scanned and mixed pages, damage."""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from desktop_app.core.errors import DamagedDocument, DocumentTooLarge, PasswordRequired
from desktop_app.ingestion.limits import Limits
from desktop_app.ingestion.pdf import render_scale
from desktop_app.ingestion.reader import read_document

from .makers import SCAN_LINES, jpeg_bytes, scan_image
from .pdfgen import ImageRun, PageSpec, TextRun, build_pdf, flate_bomb, text_pdf

LINES = ["ACME Energy GmbH - Invoice 2024-117", "Customer: Jane Roe (no. 4471)",
         "Total due EUR 1,234.50 by 30/04/2024"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_text_layer_lines_offsets_and_boxes(tmp_path: Path) -> None:
    path = write(tmp_path, "invoice.pdf", text_pdf([LINES, ["Page two: thank you for your order"]]))
    doc = read_document(path)
    assert doc.text == "\n".join(LINES) + "\n\nPage two: thank you for your order"
    assert doc.page_count == 2 and doc.page_sizes == [(612.0, 792.0), (612.0, 792.0)]
    assert not doc.ocr_used and doc.ocr_confidence is None
    assert [doc.text[ln.start:ln.end] for ln in doc.lines] == [*LINES, "Page two: thank you for your order"]
    assert [ln.page for ln in doc.lines] == [0, 0, 0, 1]
    first = doc.lines[0].box
    assert first is not None
    # Drawn at x=72, baseline 720 pt from the bottom: 72 pt from the top, y grows downward.
    assert first[0] == pytest.approx(72, abs=1)
    assert 55 < first[1] < first[3] < 80
    assert doc.lines[1].box[1] > first[1]  # type: ignore[index]
    # A field's span maps back to its line and box.
    offset = doc.text.index("1,234.50")
    line = doc.line_at(offset)
    assert line is not None and doc.text[line.start:line.end] == LINES[2]


def test_rotated_page_boxes_are_on_the_displayed_page(tmp_path: Path) -> None:
    spec = PageSpec(rotate=90, texts=[TextRun(72, 720, "Rotated statement line with enough text")])
    doc = read_document(write(tmp_path, "rot.pdf", build_pdf([spec])))
    assert doc.page_sizes == [(792.0, 612.0)]
    box = doc.lines[0].box
    assert box is not None and box[0] > 700 and box[1] == pytest.approx(72, abs=1)


def test_encrypted_pdf_asks_for_the_password(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", text_pdf([LINES], password="s3cret"))
    with pytest.raises(PasswordRequired, match="protected by a password") as err:
        read_document(path)
    assert "--password" in str(err.value)
    with pytest.raises(PasswordRequired, match="not correct"):
        read_document(path, password="wrong")
    assert read_document(path, password="s3cret").text.startswith("ACME Energy")


def test_truncated_pdf(tmp_path: Path) -> None:
    data = text_pdf([LINES])
    path = write(tmp_path, "cut.pdf", data[: len(data) // 3])
    try:
        doc = read_document(path)  # PDFium may rebuild what is left; then it must be sane
    except DamagedDocument as exc:
        assert "damaged" in str(exc)
    else:
        assert isinstance(doc.text, str)


def test_header_only_pdf_is_damaged(tmp_path: Path) -> None:
    with pytest.raises(DamagedDocument):
        read_document(write(tmp_path, "stub.pdf", b"%PDF-1.7\n%%EOF\n"))


def test_page_count_boundary(tmp_path: Path) -> None:
    limits = Limits(max_pages=3)
    two = write(tmp_path, "two.pdf", text_pdf([["one page of text here"]] * 2))
    three = write(tmp_path, "three.pdf", text_pdf([["one page of text here"]] * 3))
    four = write(tmp_path, "four.pdf", text_pdf([["one page of text here"]] * 4))
    assert read_document(two, limits=limits).page_count == 2
    assert read_document(three, limits=limits).page_count == 3
    with pytest.raises(DocumentTooLarge, match="4 pages"):
        read_document(four, limits=limits)


def test_page_size_boundary_and_huge_page(tmp_path: Path) -> None:
    limits = Limits()
    side = limits.max_page_points
    ok = write(tmp_path, "ok.pdf", build_pdf([PageSpec(width=side - 1, height=side - 1)]))
    assert read_document(ok).page_count == 1
    big = write(tmp_path, "big.pdf", build_pdf([PageSpec(width=side + 1, height=100)]))
    with pytest.raises(DocumentTooLarge, match="inches"):
        read_document(big)
    huge = write(tmp_path, "huge.pdf", build_pdf([PageSpec(width=20000, height=20000)]))
    with pytest.raises(DocumentTooLarge):
        read_document(huge)


def test_render_scale_stays_under_the_pixel_cap() -> None:
    limits = Limits(max_render_pixels=1_000_000, ocr_dpi=200)
    scale = render_scale(612, 792, limits)
    assert 612 * 792 * scale * scale <= 1_000_000
    assert render_scale(100, 100, limits) == pytest.approx(200 / 72)


def test_flate_bomb_is_refused_before_pdfium(tmp_path: Path) -> None:
    path = write(tmp_path, "bomb.pdf", build_pdf([PageSpec(content_flate=flate_bomb(300))]))
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    with pytest.raises(DocumentTooLarge, match="compression bomb"):
        read_document(path)
    assert time.monotonic() - started < 10


def test_stream_size_boundary(tmp_path: Path) -> None:
    mb = 1024 * 1024
    limits = Limits(max_stream_bytes=4 * mb)
    under = write(tmp_path, "under.pdf", build_pdf([PageSpec(content_flate=flate_bomb(4)[:])]))
    # 4 MB exactly passes; a byte more is refused.
    read_document(under, limits=limits)
    import zlib

    over_data = zlib.compress(b" " * (4 * mb + 1))
    over = write(tmp_path, "over.pdf", build_pdf([PageSpec(content_flate=over_data)]))
    with pytest.raises(DocumentTooLarge):
        read_document(over, limits=limits)
    under_data = zlib.compress(b" " * (4 * mb - 1))
    read_document(write(tmp_path, "u2.pdf", build_pdf([PageSpec(content_flate=under_data)])),
                  limits=limits)


def test_time_limit_between_pages(tmp_path: Path) -> None:
    path = write(tmp_path, "long.pdf", text_pdf([["some text on this page, enough of it"]] * 5))
    with pytest.raises(DocumentTooLarge, match="longer than"):
        read_document(path, limits=Limits(max_seconds=-1))


def _scan_pdf(with_text_page: bool) -> bytes:
    img = scan_image()
    w, h = img.size
    scan = PageSpec(width=w * 72 / 150, height=h * 72 / 150,
                    images=[ImageRun(jpeg_bytes(img), w, h, 0, 0, w * 72 / 150, h * 72 / 150)])
    pages = [scan]
    if with_text_page:
        pages.insert(0, PageSpec(texts=[TextRun(72, 720, LINES[0]), TextRun(72, 700, LINES[2])]))
    return build_pdf(pages)


def test_scanned_pdf_is_read_by_ocr(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "scan.pdf", _scan_pdf(False)))
    assert doc.ocr_used and doc.ocr_confidence is not None and doc.ocr_confidence > 0.8
    assert "PHARMACY" in doc.text and "12.30" in doc.text
    width, height = doc.page_sizes[0]
    for line in doc.lines:  # boxes in page points, inside the page
        assert line.box is not None and line.confidence is not None
        assert 0 <= line.box[0] < line.box[2] <= width + 1
        assert 0 <= line.box[1] < line.box[3] <= height + 1


def test_mixed_pdf_page_by_page(tmp_path: Path) -> None:
    doc = read_document(write(tmp_path, "mixed.pdf", _scan_pdf(True)))
    assert doc.page_count == 2 and doc.ocr_used
    page0 = [ln for ln in doc.lines if ln.page == 0]
    page1 = [ln for ln in doc.lines if ln.page == 1]
    assert doc.text[page0[0].start:page0[0].end] == LINES[0]
    assert all(ln.confidence is None for ln in page0)  # text layer
    assert page1 and all(ln.confidence is not None for ln in page1)  # OCR
    assert SCAN_LINES[-1].split()[-1] in doc.text


def test_character_mapping() -> None:
    from desktop_app.ingestion.pdf import _char

    assert _char(0xFB01) == "fi" and _char(2) == "-" and _char(7) == ""
    assert _char(0xD800) == "\ufffd" and _char(ord("€")) == "€"


def test_filled_form_values_are_read(tmp_path: Path) -> None:
    spec = PageSpec(texts=[TextRun(72, 720, "Payslip March 2024 - ACME Ltd employee copy"),
                           TextRun(72, 700, "Net pay:")], fields=[(150, 696, "2,100.00 EUR")])
    doc = read_document(write(tmp_path, "form.pdf", build_pdf([spec])))
    # the value on its label's row, after a column break (the field sits well right of its label)
    assert re.fullmatch(r"Net pay:\s+2,100\.00 EUR", doc.text.split("\n")[1])
    line = doc.line_at(doc.text.index("2,100.00"))
    assert line is not None and line.box is not None and line.box[2] > 200


def test_a_tables_cells_keep_their_columns(tmp_path: Path) -> None:
    """Cells placed one by one (as PDF writers do; no spaces between them in the file) come out
    on the page's character grid: a column break between cells, and each amount under its own
    heading, so a statement's debit and credit columns stay apart as in a plain-text file."""
    rows = [("Date", "Details", "Paid out", "Paid in", "Balance"),
            ("01 Mar", "DD THAMES WATER", "38.50", "", "1,443.69"),
            ("08 Mar", "SALARY ACME LTD", "", "2,650.00", "4,093.69")]
    xs = (72, 130, 300, 380, 460)
    texts = [TextRun(x, 700 - 16 * r, cell, 10) for r, row in enumerate(rows)
             for x, cell in zip(xs, row, strict=True) if cell]
    doc = read_document(write(tmp_path, "statement.pdf", build_pdf([PageSpec(texts=texts)])))
    head, water, salary = doc.text.split("\n")[:3]
    assert "Details   " in head and "WATER   " in water  # column breaks, not single spaces
    # the amounts start under their headings (a character or two either way)
    assert abs(water.index("38.50") - head.index("Paid out")) <= 2
    assert abs(salary.index("2,650.00") - head.index("Paid in")) <= 2
    assert abs(water.index("1,443.69") - head.index("Balance")) <= 2
    # words of one cell keep single spaces; a line's box still spans its cells
    assert "DD THAMES WATER" in water
    line = doc.line_at(doc.text.index("SALARY"))
    assert line is not None and line.box is not None and line.box[2] > 460


def test_a_wider_gap_between_lines_is_a_blank_line(tmp_path: Path) -> None:
    """Paragraphs stay apart as in a plain-text file: a plan and the sign-off under it, a header
    block and the table after it."""
    texts = [TextRun(72, 700, "Plan: review in clinic in 6 weeks."), TextRun(72, 686, "Bloods before the visit."),
             TextRun(72, 650, "Electronically signed by Dr A Khan")]
    doc = read_document(write(tmp_path, "letter.pdf", build_pdf([PageSpec(texts=texts)])))
    assert doc.text == ("Plan: review in clinic in 6 weeks.\nBloods before the visit.\n\n"
                        "Electronically signed by Dr A Khan")
    line = doc.line_at(doc.text.index("Electronically"))
    assert line is not None and doc.text[line.start:line.end] == "Electronically signed by Dr A Khan"


def test_two_characters_apart_in_a_monospaced_text_layer_stay_two_spaces(tmp_path: Path) -> None:
    """A statement printed in a monospaced font keeps its cells two spaces apart ('08:15  Transfer'):
    the reader keeps that gap (the time is a cell of its own), while a word space stays one."""
    from desktop_app.teach.synth.render import to_pdf

    text = ("Date       Time   Description           Withdrawal\n"
            "01/10/24   08:15  Transfer Withdrawal    15,000.00\n")
    doc = read_document(to_pdf(text, tmp_path / "mono.pdf"))
    row = doc.text.split("\n")[1]
    assert "08:15  Transfer Withdrawal" in row
    assert "Transfer Withdrawal" in row and "Transfer  Withdrawal" not in row


def test_right_to_left_phrases_come_out_in_reading_order(tmp_path: Path) -> None:
    """Arabic stored as PDF writers store it (in the order it is drawn, left to right): each
    phrase reads right to left again, and a line's cells keep their places left to right."""
    from desktop_app.teach.synth import render

    if render._font_file() is None:
        pytest.skip("no DejaVu Sans Mono on this machine")
    text = ("Issuer / البائع الكبير       Receiver / المشتري\n"
            "النيل دلتا لأنظمة الحاسب         القاهرة هورايزون للأدوية\n")
    doc = read_document(render.to_pdf(text, tmp_path / "rtl.pdf", cells=True))
    first, second = doc.text.split("\n")[:2]
    assert re.sub(r"\s+", " ", first) == "Issuer / البائع الكبير Receiver / المشتري"
    assert re.sub(r"\s+", " ", second) == "النيل دلتا لأنظمة الحاسب القاهرة هورايزون للأدوية"
    assert "   " in second  # two cells, a column apart
