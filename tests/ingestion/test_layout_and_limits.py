"""Pure pieces: reading order, space restoration, box mapping, assembly, the time budget."""
from __future__ import annotations

import pytest

from desktop_app.core.errors import Cancelled, DocumentTooLarge
from desktop_app.core.jobs import CancelToken
from desktop_app.ingestion import limits as limits_module
from desktop_app.ingestion.layout import (
    Page,
    PageLine,
    Segment,
    assemble,
    group_rows,
    join_row,
    rows_to_lines,
)
from desktop_app.ingestion.limits import Budget, Limits
from desktop_app.ingestion.ocr import insert_spaces, restore_spaces, unrotate_box


def seg(text: str, x0: float, y0: float, x1: float, y1: float) -> Segment:
    return Segment(text, (x0, y0, x1, y1), 0.9)


def test_rows_left_to_right_top_down() -> None:
    segments = [seg("31.00", 300, 101, 360, 121), seg("TOTAL", 10, 100, 80, 120),
                seg("CASH", 10, 140, 70, 160), seg("50.00", 300, 142, 360, 161),
                seg("SHOP", 100, 20, 200, 50)]
    lines = rows_to_lines(group_rows(segments))
    # the amounts sit far right of their labels: a column break, kept as three spaces
    assert [ln.text for ln in lines] == ["SHOP", "TOTAL   31.00", "CASH   50.00"]
    assert lines[1].box == (10, 100, 360, 121)


def test_a_word_space_is_one_space_and_a_column_gap_three() -> None:
    # 10 px per character: a 10 px gap is a space, 40 px (4 characters) a column break
    row = [seg("Patient:", 0, 0, 80, 20), seg("Mohammed Edwards", 90, 0, 250, 20),
           seg("Collected:", 290, 0, 390, 20), seg("14 Sep 2024", 400, 0, 510, 20)]
    assert join_row(row) == "Patient: Mohammed Edwards   Collected: 14 Sep 2024"


def test_skewed_row_stays_one_row() -> None:
    # A photo tilted a little: the right end of a row sits lower than its left end.
    segments = [seg("DATE", 10, 100, 60, 120), seg(":", 70, 104, 75, 124),
                seg("09/01/2019", 90, 108, 200, 128), seg("CASHIER", 10, 135, 90, 155)]
    assert [ln.text for ln in rows_to_lines(group_rows(segments))] == [
        "DATE : 09/01/2019", "CASHIER"]


def test_space_restoration_from_pitch() -> None:
    # Monospaced receipt print: pitch 12, a space makes a gap of one more pitch.
    chars = list("ABCHOTRADING")
    centers = [0, 12, 24, 48, 60, 84, 96, 108, 121, 132, 144, 156]
    assert restore_spaces(chars, centers) == "ABC HO TRADING"
    assert restore_spaces(list("AB"), [0, 50]) == "AB"


def test_space_insertion_from_gaps() -> None:
    chars = list("TOTALEUR")
    centers = [5, 15, 25, 35, 45, 70, 80, 90]
    assert insert_spaces(chars, centers, [57.0]) == "TOTAL EUR"


def test_the_recognisers_own_spaces_count_as_gaps() -> None:
    """A space the recogniser read arrives as a gap at its place (to_segment takes it out of the
    characters): it is kept, and evened out around a range's dash like one the page's gaps show
    ('74- 106' -> '74 - 106')."""
    assert insert_spaces(list("TOTALRM5.00"), [0, 1, 2, 3, 4, 6, 7, 9, 10, 11, 12], [5.0, 8.0]) == "TOTAL RM 5.00"
    assert insert_spaces(list("74-106"), [0, 1, 2, 4, 5, 6], [3.0]) == "74 - 106"
    assert insert_spaces(list("74-106"), list(range(6)), []) == "74-106"


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_unrotate_box_round_trip(degrees: int) -> None:
    from PIL import Image

    from desktop_app.ingestion.image import rotate

    original = Image.new("L", (40, 30), 0)
    original.paste(255, (5, 7, 15, 12))  # a white box at x 5..15, y 7..12
    turned = rotate(original, degrees)
    bbox = turned.getbbox()
    assert bbox is not None
    back = unrotate_box(tuple(float(v) for v in bbox), degrees, *turned.size)  # type: ignore[arg-type]
    assert back == (5, 7, 15, 12)


def test_assemble_offsets_pages_and_confidence() -> None:
    pages = [Page([PageLine("first", (0, 0, 1, 1), 1.0), PageLine("  ", None), PageLine("ab", None, 0.5)],
                  (10, 20), ocr=True),
             Page([], (10, 20)), Page([PageLine("last")], (5, 5))]
    doc = assemble(pages, "application/pdf")
    assert doc.text == "first\nab\n\n\n\nlast"
    assert [(doc.text[ln.start:ln.end], ln.page) for ln in doc.lines] == [
        ("first", 0), ("ab", 0), ("last", 2)]
    assert doc.ocr_used and doc.ocr_confidence == pytest.approx((5 * 1.0 + 2 * 0.5) / 7, abs=1e-4)
    assert doc.page_count == 3


def test_time_budget_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [1000.0]
    monkeypatch.setattr(limits_module.time, "monotonic", lambda: now[0])
    budget = Budget(Limits(max_seconds=60))
    now[0] = 1000.0 + 59
    budget.check()
    now[0] = 1000.0 + 60
    budget.check()
    now[0] = 1000.0 + 61
    with pytest.raises(DocumentTooLarge, match="60 seconds"):
        budget.check()


def test_budget_honours_cancel() -> None:
    token = CancelToken()
    budget = Budget(Limits(), token)
    budget.check()
    token.cancel()
    with pytest.raises(Cancelled):
        budget.check()


def test_limits_round_trip_and_sane_defaults() -> None:
    limits = Limits()
    assert Limits.from_dict({**limits.to_dict(), "unknown": 1}) == limits
    assert limits.max_image_pixels == 50_000_000 and limits.max_render_pixels == 25_000_000
    assert limits.max_zip_ratio == 100 and limits.max_pages >= 500


def test_looks_upright() -> None:
    from desktop_app.ingestion.ocr import looks_upright

    wide = [[0, 0], [100, 0], [100, 20], [0, 20]]
    tall = [[0, 0], [20, 0], [20, 100], [0, 100]]
    assert looks_upright([(wide, "TOTAL 31.00", 0.97), (wide, "CASH", 0.9)])
    assert not looks_upright([(wide, "T0TAL", 0.62)])  # upside-down text reads poorly
    assert not looks_upright([(tall, "TOTAL", 0.95), (tall, "CASH", 0.95)])  # on its side
    assert not looks_upright([])


def test_ocr_rows_are_laid_on_the_pages_character_grid() -> None:
    """Indentation and column places kept, as a PDF text layer keeps them: an amount in the
    'Paid in' column stays right of the 'Paid out' column's place."""
    from desktop_app.ingestion.layout import Segment, page_grid, rows_to_lines

    def seg(text: str, left: float, top: float) -> Segment:
        return Segment(text, (left, top, left + 10 * len(text), top + 12), 0.9)

    rows = [[seg("Date", 0, 0), seg("Details", 100, 0), seg("Paid out", 300, 0), seg("Paid in", 420, 0)],
            [seg("02 Sep", 0, 20), seg("DD WATER", 100, 20), seg("38.50", 300, 20)],
            [seg("FPI GIFT", 100, 40), seg("50.00", 420, 40)]]
    assert page_grid(rows) == (0, 10.0)
    lines = [ln.text for ln in rows_to_lines(rows, grid=True)]
    assert lines == ["Date      Details             Paid out    Paid in",
                     "02 Sep    DD WATER            38.50",
                     "          FPI GIFT                        50.00"]
    assert [ln.text for ln in rows_to_lines(rows)][2] == "FPI GIFT   50.00"


def test_rows_at_the_margin_start_at_the_grid_s_first_place() -> None:
    """The detector's boxes start a few pixels either way of the printed margin: every row that
    starts at the margin starts the line, however far left one box of the page reaches, so that
    a row is not read as indented under the one above it (a lab table's heading and its tests)."""
    from desktop_app.ingestion.layout import Segment

    def row(x: float, y: float, *cells: tuple[float, str]) -> list[Segment]:
        out = [Segment(cells[0][1], (x, y, x + 11 * len(cells[0][1]), y + 20), 0.9)]
        for dx, text in cells[1:]:
            out.append(Segment(text, (x + dx, y, x + dx + 11 * len(text), y + 20), 0.9))
        return out

    rows = [row(36.0, 0, (0, "EXAMEN FISICO")), row(42.0, 30, (0, "DENSIDAD"), (440, "1.025")),
            row(41.0, 60, (0, "EXAMEN QUIMICO")), row(40.0, 90, (0, "PH"), (440, "6.0")),
            row(41.5, 120, (0, "GLUCOSA"), (440, "NEGATIVO"))]
    lines = [ln.text for ln in rows_to_lines(rows, grid=True)]
    assert not any(t.startswith(" ") for t in lines), lines
