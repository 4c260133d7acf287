"""Reading order of OCR boxes on tilted pages: rows found after deskew, left to right."""
from __future__ import annotations

import math
import random
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from desktop_app.ingestion.layout import rows_to_lines
from desktop_app.ingestion.ocr import OcrSegment, group_ocr_rows, page_skew
from desktop_app.ingestion.reader import read_document

# A till receipt: labels on the left, amounts far to the right (so a small tilt moves the
# amount by more than a text height), some rows with one box only.
RECEIPT = [
    ("GREEN LEAF GROCERS", None),
    ("Date 14/03/2024", "Till 3"),
    ("Milk 2L", "2.49"),
    ("Bread wholemeal", "1.85"),
    ("Apples 1kg", "3.20"),
    ("Subtotal", "7.54"),
    ("VAT 20%", "1.26"),
    ("TOTAL", "GBP 8.80"),
    ("Thank you", None),
]


def _layout(rows: list[tuple[str, str | None]], degrees: float, *, pitch: float = 40,
            height: float = 24, char: float = 14, right_edge: float = 900,
            jitter: float = 0.0, seed: int = 0) -> list[OcrSegment]:
    """Boxes as a detector reports them for ``rows`` printed on a page turned by ``degrees``
    (counter-clockwise on screen, so a row's right end is higher)."""
    rng = random.Random(seed)
    theta = -math.radians(degrees)  # y grows downwards
    cos, sin = math.cos(theta), math.sin(theta)

    def turn(x: float, y: float) -> tuple[float, float]:
        return (500 + cos * (x - 500) - sin * (y - 500), 500 + sin * (x - 500) + cos * (y - 500))

    segments = []
    for i, (left, right) in enumerate(rows):
        y = 60 + pitch * i + rng.uniform(-jitter, jitter)
        for text, x0 in ((left, 40.0), (right, right_edge - char * len(right or ""))):
            if text is None:
                continue
            x1 = x0 + char * len(text)
            quad = [turn(x0, y), turn(x1, y), turn(x1, y + height), turn(x0, y + height)]
            segments.append(OcrSegment.from_quad(text, quad, 0.95))
    rng.shuffle(segments)
    return segments


def _texts(segments: list[OcrSegment]) -> list[str]:
    """The rows' texts, spaces normalised (these tests are about which boxes share a row; the
    column break between a label and its far-right amount is tested in test_layout_and_limits)."""
    return [" ".join(line.text.split()) for line in rows_to_lines(group_ocr_rows(segments))]


def _expected(rows: list[tuple[str, str | None]]) -> list[str]:
    return [left if right is None else f"{left} {right}" for left, right in rows]


@pytest.mark.parametrize("degrees", [-6.0, -3.0, 0.0, 2.0, 4.0, 7.0])
def test_rows_of_a_tilted_receipt(degrees: float) -> None:
    assert _texts(_layout(RECEIPT, degrees, jitter=2.0)) == _expected(RECEIPT)


def test_page_skew_is_the_dominant_angle() -> None:
    for degrees in (-5.0, 0.0, 3.0):
        assert page_skew(_layout(RECEIPT, degrees)) == pytest.approx(-math.radians(degrees),
                                                                     abs=1e-6)
    assert page_skew([]) == 0.0


def test_tight_rows_stay_apart() -> None:
    # Line spacing barely more than the text height, tilted: neighbours must not merge.
    rows = [(f"Item {n}", f"{n}.00") for n in range(1, 15)]
    assert _texts(_layout(rows, 3.0, pitch=28, height=24)) == _expected(rows)


def test_a_tall_box_does_not_join_two_rows() -> None:
    segments = _layout([("Subtotal", "7.54"), ("Cash", "10.00")], 0.0, pitch=30)
    # A big stamp halfway between the rows, in the middle of the page.
    segments.append(OcrSegment.from_quad("PAID", [(400, 55), (560, 55), (560, 125), (400, 125)],
                                         0.9))
    assert _texts(segments) == ["Subtotal 7.54", "PAID", "Cash 10.00"]


def test_overlapping_boxes_are_different_rows() -> None:
    # Two boxes on top of each other horizontally cannot be one row, however close.
    a = OcrSegment.from_quad("ABC", [(10, 10), (110, 10), (110, 40), (10, 40)], 0.9)
    b = OcrSegment.from_quad("DEF", [(20, 30), (120, 30), (120, 60), (20, 60)], 0.9)
    assert _texts([b, a]) == ["ABC", "DEF"]


def test_boxes_keep_their_own_page_box() -> None:
    lines = rows_to_lines(group_ocr_rows(_layout(RECEIPT, 4.0)))
    for line in lines:
        assert line.box is not None and line.box[0] < line.box[2] and line.box[1] < line.box[3]


# -- the same on a real OCR run: a receipt rendered with Pillow and photographed crooked ----
def _render(rows: list[tuple[str, str | None]], size: int = 26) -> Image.Image:
    font = ImageFont.load_default(size=size)
    width, pitch = 820, int(size * 1.7)
    img = Image.new("RGB", (width, 60 + pitch * len(rows)), "white")
    draw = ImageDraw.Draw(img)
    for i, (left, right) in enumerate(rows):
        y = 30 + pitch * i
        draw.text((30, y), left, fill="black", font=font)
        if right:
            draw.text((width - 30 - draw.textlength(right, font=font), y), right, fill="black",
                      font=font)
    return img


@pytest.mark.parametrize("degrees", [-4.0, 5.0])
def test_ocr_of_a_crooked_photo_keeps_rows(tmp_path: Path, degrees: float) -> None:
    img = _render(RECEIPT).rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True,
                                  fillcolor="white")
    path = tmp_path / "crooked.png"
    img.save(path)
    doc = read_document(path)
    lines = [" ".join(line.split()).upper() for line in doc.text.split("\n")]
    for left, right in RECEIPT:
        if right is None:
            continue
        # Label and amount on one line, in that order (a letter or two may be misread).
        row = next((ln for ln in lines if ln.startswith(left.upper()[:4])), "")
        assert right.upper().split()[-1] in row, (left, right, lines)
    assert lines[0].startswith("GREEN")
    assert len(doc.lines) == len(RECEIPT)
    width, height = img.size
    for line in doc.lines:
        assert line.page == 0 and line.box is not None
        assert 0 <= line.box[0] < line.box[2] <= width and 0 <= line.box[1] < line.box[3] <= height


def test_engine_settings_take_effect() -> None:
    """rapidocr copies its global thread settings over per-model ones: check what ONNX Runtime
    actually got (one thread per core before), and that its threads do not spin."""
    from desktop_app.ingestion.ocr import REC_BATCH, OcrEngine

    engine = OcrEngine(threads=1)._engine
    sessions = [engine.text_det.infer.session, engine.text_cls.infer.session,
                engine.text_rec.session.session]
    for session in sessions:
        options = session.get_session_options()
        assert options.intra_op_num_threads == 1 and options.inter_op_num_threads == 1
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
    assert engine.text_rec.rec_batch_num == REC_BATCH
    # The patch is undone: other ONNX Runtime sessions in the process are left alone.
    from rapidocr_onnxruntime.utils import infer_engine

    assert "options" not in repr(infer_engine.OrtInferSession.__dict__["_init_sess_opts"])


def test_detection_size_is_capped() -> None:
    from desktop_app.ingestion.ocr import DET_SIDE, OcrEngine

    pre = OcrEngine(threads=1)._engine.text_det.get_preprocess(1999)
    assert pre.limit_type == "max" and pre.limit_side_len == DET_SIDE


def test_a_column_starts_at_one_grid_place_all_down_a_tilted_page() -> None:
    """On a photo turned by 2°, a statement's description column (and the wrapped lines under
    its rows) starts at the same place of the character grid on every row, top to bottom: the
    boxes' left edges are measured along the page's lines, not across the tilted image."""
    from desktop_app.ingestion.ocr import deskewed_lefts

    theta = -math.radians(2.0)
    cos, sin = math.cos(theta), math.sin(theta)
    char, height = 11.0, 20.0

    def turn(x: float, y: float) -> tuple[float, float]:
        return (500 + cos * (x - 500) - sin * (y - 500), 500 + sin * (x - 500) + cos * (y - 500))

    printed = []
    for i in range(30):
        if i % 2:
            printed.append([(18, f"Card payment REF 00{i}")])
        else:
            printed.append([(0, "01/10/24"), (18, "Transfer out"), (60, "1,000.00")])
    segments = []
    for i, cells in enumerate(printed):
        y = 40 + 28 * i
        for col, text in cells:
            x0, x1 = 40 + col * char, 40 + (col + len(text)) * char
            quad = [turn(x0, y), turn(x1, y), turn(x1, y + height), turn(x0, y + height)]
            segments.append(OcrSegment.from_quad(text, quad, 0.95))
    rows = deskewed_lefts(group_ocr_rows(segments))
    lines = [ln.text for ln in rows_to_lines(rows, grid=True)]
    starts = {len(t) - len(t.lstrip()) if t.startswith(" ") else t.index("Transfer") for t in lines}
    assert len(starts) == 1, lines
    assert all(t.startswith("01/10/24") for t in lines[::2]), lines


def test_the_grid_s_character_width_is_read_from_the_character_cells_not_the_padded_boxes() -> None:
    """The detector pads every box by a few pixels: by box widths a character is ~7 % wider
    than printed, and a description column 24 places in lands two places short, left of where
    its wrapped lines (placed on their own) start. The recogniser's character cells give the
    width as printed."""
    pitch, pad = 10.84, 6.0

    def seg(col: int, text: str, y: float) -> OcrSegment:
        x0, x1 = 40 + col * pitch, 40 + (col + len(text)) * pitch
        s = OcrSegment.from_quad(text, [(x0 - pad, y), (x1 + pad, y), (x1 + pad, y + 20), (x0 - pad, y + 20)], 0.9)
        s.ink = (x0, x1, pitch)
        return s

    rows = []
    for i in range(6):
        rows.append([seg(0, "03.10.2024", 30 * i), seg(12, "02.10.2024", 30 * i), seg(24, "Platba", 30 * i),
                     seg(31, "kartou", 30 * i)])
        rows.append([seg(24, "ALBERT", 30 * i + 15), seg(31, "HYPERMARKET", 30 * i + 15)])
    from desktop_app.ingestion.ocr import column_gaps

    lines = [ln.text for ln in rows_to_lines(column_gaps(rows, pitch), grid=True)]
    assert lines[0].index("Platba") == 24 and lines[1].index("ALBERT") == 24, lines
