"""Specks a noisy scan shows, read as '.' or ',' glued to words, are dropped where no printed dot
stands (ocr.drop_specks); real full stops, decimal points, abbreviations and a clean page keep
theirs. The character-pattern repairs of European print (split_glued) and a real OCR run of a
noisy German lab report rendered here."""
from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from desktop_app.ingestion.ocr import (
    drop_specks,
    insert_spaces,
    split_glued,
    to_latin,
    unit_glyphs,
    word_gaps,
)

PAPER, INK, SPECK = 250, 30, 150
HEIGHT, PITCH = 40, 12


def _page(width: int, noisy: bool, seed: int = 1) -> np.ndarray:
    gray = np.full((HEIGHT, width), PAPER, dtype=np.uint8)
    if noisy:  # isolated grey pixels, about 2 % of the page, as on a dusty scan
        rng = random.Random(seed)
        for _ in range(int(0.02 * gray.size)):
            gray[rng.randrange(HEIGHT), rng.randrange(width)] = SPECK
    return gray


def _letters(gray: np.ndarray, centers: list[float]) -> None:
    for c in centers:
        gray[12:30, int(c) - 4:int(c) + 4] = INK


def _dot(gray: np.ndarray, center: float) -> None:
    gray[27:30, int(center) - 1:int(center) + 2] = INK


def _read(text: str, printed_dots: set[int], noisy: bool = True) -> str:
    """``text`` as the recogniser read it, on a page where only the marks at ``printed_dots``
    (indexes into ``text``) are printed; letters are blocks one pitch apart."""
    centers = [10.0 + PITCH * i for i in range(len(text))]
    gray = _page(int(centers[-1]) + 20, noisy)
    _letters(gray, [c for i, c in enumerate(centers) if text[i] not in ".,: "])
    for i in printed_dots:
        _dot(gray, centers[i])
    box = (0.0, 0.0, float(gray.shape[1]), float(HEIGHT))
    chars, _ = drop_specks(list(text), centers, gray, box, HEIGHT)
    return "".join(chars)


def test_a_speck_read_as_a_full_stop_is_dropped() -> None:
    assert _read("Wolf.", set()) == "Wolf"
    assert _read("LOW.", set()) == "LOW"
    assert _read("Davies,", set()) == "Davies"


def test_a_printed_full_stop_stays() -> None:
    assert _read("Wolf.", {4}) == "Wolf."
    assert _read("etc.", {3}) == "etc."


@pytest.mark.parametrize("text", ["4.3", "0.67", "1,234", "S.A.", "E.K."])
def test_marks_inside_numbers_codes_and_abbreviations_stay(text: str) -> None:
    assert _read(text, set()) == text


@pytest.mark.parametrize("text,speck", [
    ("LABORATORIO.ANALISI", "LABORATORIO ANALISI"), ("Laura.Conti", "Laura Conti"),
    ("40.mg", "40 mg"), ("Data,referto", "Data referto"),
])
def test_a_speck_glued_between_two_words_is_dropped(text: str, speck: str) -> None:
    """The recogniser reads a speck in a word gap into the line ('AFTER.VISIT', '40.mg'):
    between two words a mark is judged by the ink too; printed, it stays."""
    assert _read(text, set()) == speck
    assert _read(text, {next(i for i, ch in enumerate(text) if ch in ".,")}) == text


@pytest.mark.parametrize("text", ["No.3", "KLANG,SELANGOR", "Tel.02", "Dott.ssa"])
def test_a_printed_mark_between_two_words_stays(text: str) -> None:
    assert _read(text, {text.index("." if "." in text else ",")}) == text


def test_a_comma_touching_its_neighbours_stays() -> None:
    """Blurred print joins a comma to the letters around it: no separate blob, but letter-dark
    ink right under where it was read."""
    text = "KLANG,SELANGOR"
    centers = [10.0 + PITCH * i for i in range(len(text))]
    gray = _page(int(centers[-1]) + 20, True)
    _letters(gray, [c for i, c in enumerate(centers) if text[i] != ","])
    mark = centers[text.index(",")]
    gray[26:33, int(mark) - 8:int(mark) + 8] = INK
    box = (0.0, 0.0, float(gray.shape[1]), float(HEIGHT))
    assert "".join(drop_specks(list(text), centers, gray, box, HEIGHT)[0]) == text


def test_a_clean_page_keeps_every_mark() -> None:
    """Without specks around, a faint full stop is more likely than a speck."""
    assert _read("Wolf.", set(), noisy=False) == "Wolf."


def test_a_speck_between_two_words_leaves_the_space() -> None:
    assert _read("with .food", set()) == "with food"


@pytest.mark.parametrize("raw,fixed", [
    ("Dr, med. Katharina Wolf", "Dr. med. Katharina Wolf"),
    ("Dr. med.Lukas Richter", "Dr. med. Lukas Richter"),
    ("Dr.med.Lukas", "Dr.med. Lukas"),
    ("William OConnor", "William O'Connor"),
    ("5.2 mmot/L", "5.2 mmol/L"),
    ("299 pmot/L", "299 pmol/L"),
])
def test_european_print_repairs(raw: str, fixed: str) -> None:
    assert split_glued(raw) == fixed


@pytest.mark.parametrize("text", [
    "Facebook.com/BarWangRice", "www.Shop.com", "john.Smith@mail.com", "SDN.BHD.", "e.g.Test",
    "Dr, 12", "OK", "ODEON", "Remote/Motor", "No.Rd",
])
def test_european_print_repairs_leave_alone(text: str) -> None:
    assert split_glued(text) == text


def test_micro_sign_stays_a_micro_sign() -> None:
    assert to_latin("5 \u03bcg/L 3 \u00b5mol/L") == "5 \u00b5g/L 3 \u00b5mol/L"


# -- a real OCR run ---------------------------------------------------------------------------
REPORT = ["Laborbefund", "Patient: Jürgen Schröder   Geburtsdatum: 03.04.1961",
          "Anschrift: Hauptstraße 54, 10115 Berlin", "Einsender: Dr. med. Katharina Wolf",
          "Eingang: 12. Dezember 2024   Befund: vollständig", "Kalium 4.3 mmol/L (3.5-5.1)",
          "Auffällige Werte: keine", "Überweisung an Hausarzt"]


def _noisy_scan(lines: list[str], seed: int = 0, size: int = 22) -> Image.Image:
    rng = random.Random(seed)
    font = ImageFont.load_default(size=size)
    img = Image.new("L", (900, 40 + 34 * len(lines)), PAPER)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((30, 20 + 34 * i), line, fill=INK, font=font)
    px = img.load()
    assert px is not None
    width, height = img.size
    for _ in range(int(width * height * 0.02)):
        px[rng.randrange(width), rng.randrange(height)] = rng.randint(80, 200)
    return img.filter(ImageFilter.GaussianBlur(0.5)).convert("RGB")


def test_ocr_of_a_noisy_german_report(tmp_path: Path) -> None:
    from desktop_app.ingestion.reader import read_document

    path = tmp_path / "befund.png"
    _noisy_scan(REPORT).save(path)
    text = read_document(path).text
    # This font's umlauts and ß the recogniser leaves out ('Schrder', 'Hauptstrae').
    for word in ("Jürgen Schröder", "Hauptstraße", "vollständig", "Auffällige"):
        assert word in text, (word, text)
    assert "4.3" in text and "mmol/L" in text
    assert "Wolf." not in text


# -- spaces narrow letters leave in a monospaced line -----------------------------------------
def _mono(printed: str, spurious: set[int], squeeze: set[int] = frozenset()) -> str:  # type: ignore[assignment]
    """``printed`` in a monospaced font as the recogniser reads it: characters without the
    spaces, one cell each; a word gap at every space, and at the character indexes of
    ``printed`` in ``spurious`` (blank ink beside a narrow letter). Spaces at indexes in
    ``squeeze`` take no cell (a condensed font)."""
    chars, centers, gaps = [], [], []
    x = 0.0
    for i, ch in enumerate(printed):
        if ch == " ":
            gaps.append(x - 5 if i in squeeze else x)
            if i not in squeeze:
                x += 10
            continue
        if i in spurious:
            gaps.append(x - 5)
        chars.append(ch)
        centers.append(x)
        x += 10
    return insert_spaces(chars, centers, gaps)


def test_a_gap_beside_a_narrow_letter_is_no_space() -> None:
    assert _mono("Please call again", {2}) == "Please call again"  # 'Pl ease'
    assert _mono("Marie Dupont, Cheras", {2, 18}) == "Marie Dupont, Cheras"


def test_word_spaces_stay_in_a_monospaced_line() -> None:
    assert _mono("THANK YOU FOR COMING", set()) == "THANK YOU FOR COMING"
    # a condensed font whose spaces take less than a cell: two words stay two words
    assert _mono("TAX INVOICE NO 12345", set(), {3}) == "TAX INVOICE NO 12345"
    assert _mono("FOR I.T PRODUCTS ONLY", set(), {3}) == "FOR I.T PRODUCTS ONLY"
    # joined they would be no word: 'KEDAIPAPAN'
    assert _mono("KEDAI PAPAN SENG HUAT", set(), {5}) == "KEDAI PAPAN SENG HUAT"


def _gaps(printed: str, specks: list[tuple[int, int]], dots: tuple[int, ...] = (), noisy: bool = True) -> list[int]:
    """The word gaps word_gaps finds in ``printed`` drawn as blocks one cell apart on dusty (or
    clean) paper, with one dark pixel at each (row, column) of ``specks`` and a printed full stop at the
    indexes ``dots``: for each gap, the index of the cell nearest to it."""
    centers = [10.0 + PITCH * i for i in range(len(printed))]
    gray = _page(int(centers[-1]) + 20, noisy)
    _letters(gray, [c for ch, c in zip(printed, centers, strict=True) if ch not in ". "])
    for i in dots:
        _dot(gray, centers[i])
    for row, col in specks:
        gray[row, col] = 100
    gaps = word_gaps(gray, (0.0, 0.0, float(gray.shape[1]), float(HEIGHT)), 18.0) or []
    return [min(range(len(centers)), key=lambda i: abs(centers[i] - g)) for g in gaps]


def test_a_speck_in_a_word_space_does_not_split_it() -> None:
    # '100 mg': the space is one cell; a grey pixel in its middle had left two halves too
    # narrow to be a space, and the dose was read '100mg'
    assert _gaps("100 mg", []) == [3]
    assert _gaps("100 mg", [(20, 46)]) == [3]
    assert _gaps("22 - 29", [(16, 34), (22, 58)]) == [2, 4]
    # a printed full stop is no speck: 'No. 5' keeps its space after the stop only
    assert _gaps("No. 5", [], dots=(2,)) == [3]
    # on a clean page a pixel of ink is print (the tip of a small letter): the space is split
    assert _gaps("100 mg", [(20, 46)], noisy=False) == []


def _unit(read: str, raised: set[int] = frozenset(), tails: set[int] = frozenset(),
          specks: set[int] = frozenset()) -> str:
    """``read`` (as the recogniser gave it) checked against blocks one cell apart standing on a
    baseline: the characters at ``raised`` drawn high (a superscript), those at ``tails`` with
    a stem below the baseline (the micro sign), a grey pixel under those at ``specks``."""
    centers = [10.0 + PITCH * i for i in range(len(read))]
    gray = _page(int(centers[-1]) + 20, noisy=False)
    for i, c in enumerate(centers):
        top, bottom = (8, 19) if i in raised else (16, 30)
        gray[top:bottom, int(c) - 4:int(c) + 4] = INK
        if i in tails:
            gray[30:36, int(c) - 4:int(c) - 2] = INK
        if i in specks:
            gray[34, int(c)] = 100
    return "".join(unit_glyphs(list(read), centers, gray, (0.0, 0.0, float(gray.shape[1]), float(HEIGHT))))


def test_a_units_superscript_and_micro_sign_are_put_back_where_the_ink_shows_them() -> None:
    assert _unit("1,73m2", raised={5}) == "1,73m²"
    assert _unit("/mm3", raised={3}) == "/mm³"
    assert _unit("ug/L", tails={0}) == "µg/L"
    assert _unit("umol/L", tails={0}) == "µmol/L"


def test_a_units_plain_digits_and_letters_stay() -> None:
    assert _unit("1,73m2") == "1,73m2"  # printed so
    assert _unit("umol/L", specks={0}) == "umol/L"  # a speck under the u is no tail
    assert _unit("Room 2B3", raised={7}) == "Room 2B3"  # no unit
    assert _unit("Sum2", raised={3}) == "Sum2"


def test_superscripts_survive_the_latin_forms() -> None:
    assert to_latin("ml/min/1,73m²  /mm³  ＡＢ１") == "ml/min/1,73m²  /mm³  AB1"


# -- a range's dash, a power of ten's caret, a lone '%' ---------------------------------------
def _cells(printed: str, gaps_at: set[int]) -> str:
    """``printed`` in a monospaced font read without its spaces; word gaps found at the
    indexes of ``printed`` in ``gaps_at`` only."""
    chars, centers, gaps = [], [], []
    for i, ch in enumerate(printed):
        if i in gaps_at:
            gaps.append(10.0 * i - 5)
        if ch != " ":
            chars.append(ch)
            centers.append(10.0 * i)
    return insert_spaces(chars, centers, gaps)


def test_a_dash_between_numbers_is_spaced_on_both_sides_or_neither() -> None:
    assert _cells("74 - 106", {3}) == "74 - 106"        # the gap before the dash was missed
    assert _cells("0,51 - 0,95", {5, 6}) == "0,51 - 0,95"
    assert _cells("35-144", {3}) == "35-144"            # blank ink beside a narrow dash
    assert _cells("Kalium 3.5-5.1", {6, 10}) == "Kalium 3.5-5.1"
    assert _cells("Na-K", {3}) == "Na- K"  # between letters: as found
    assert _cells("Na-K ratio 12 - 30", {4, 10, 14}) == "Na-K ratio 12 - 30"


@pytest.mark.parametrize("raw,fixed", [
    ("10~6/µL", "10^6/µL"), ("x10~3/µL", "x10^3/µL"), ("x 10~9/L", "x 10^9/L"),
])
def test_a_caret_read_as_a_tilde_in_a_power_of_ten(raw: str, fixed: str) -> None:
    assert split_glued(raw) == fixed


@pytest.mark.parametrize("text", ["~~ End of report ~~", "110~3", "10~30 min", "approx ~5 mg"])
def test_other_tildes_stay(text: str) -> None:
    assert split_glued(text) == text


def test_a_lone_doubted_eight_with_a_percent_runner_up_is_a_percent() -> None:
    from desktop_app.ingestion.ocr import lone_symbol

    assert lone_symbol("8", 0.51, ((("8", 0.51), ("%", 0.25), ("o", 0.08)),)) == "%"
    assert lone_symbol("8", 0.66, ((("8", 0.66), ("", 0.10), ("%", 0.04)),)) == "%"
    assert lone_symbol("8", 0.97, ((("8", 0.97), ("%", 0.02), ("", 0.01)),)) == "8"  # sure
    assert lone_symbol("8", 0.51, ((("8", 0.51), ("3", 0.25), ("", 0.08)),)) == "8"
    assert lone_symbol("18", 0.51, ((("1", 0.9), ("", 0.1), ("7", 0.0)),
                                    (("8", 0.51), ("%", 0.25), ("", 0.08)))) == "18"


# -- a real OCR run of a noisy phone-photo-like page (teach.synth.render.to_png) ---------------
HEALTH_PAGE = """AFTER VISIT SUMMARY
Jennifer Walsh   MRN: 40028812
LABORATORIO ANALISI CLINICHE SAN MARCO
Direttore Tecnico: Dott.ssa Laura Conti

Medication        Dose     Route   Frequency
Furosemide        40 mg    IV      daily
Atorvastatin      40 mg    PO      at bedtime

PRUEBA            RESULTADO   UNIDADES     VALORES DE REFERENCIA
Glucosa           118         mg/dL        74 - 106
Urea              34          mg/dL        17 - 43
Leucocitos        7,35        x10^3/µL     4,00 - 11,00
"""


def test_ocr_of_a_noisy_health_page(tmp_path: Path) -> None:
    """A speck between a dose and its unit ('40.mg' before), a range's dash spaced on one side
    ('74- 106'), a caret read as a tilde ('x10~3/µL'): as printed."""
    from desktop_app.ingestion.reader import read_document
    from desktop_app.teach.synth.render import to_png

    try:
        ImageFont.truetype("DejaVuSansMono.ttf", 18)
    except OSError:
        pytest.skip("the monospaced font the page is drawn in is not installed")
    text = read_document(to_png(HEALTH_PAGE, tmp_path / "avs.png", seed=2)).text
    for printed in ("AFTER VISIT SUMMARY", "LABORATORIO ANALISI", "Laura Conti", "74 - 106",
                    "x10^3/µL"):
        assert printed in text, (printed, text)
    assert re.search(r"Furosemide {3,}40 mg", text), text  # a column break, as wide as printed
    assert "." not in text.split("\n")[0] and "Laura." not in text


def test_a_dash_before_a_date_or_after_a_code_is_left_as_found() -> None:
    assert _cells("ORD #07 -REG #19- 10/03/2018", {3, 8, 13, 18}) == "ORD #07 -REG #19- 10/03/2018"
    assert _cells("on 2018-03-12 at", {2, 13}) == "on 2018-03-12 at"
