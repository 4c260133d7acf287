"""The recogniser's runners-up (desktop_app/ingestion/ocr.py, CTC_ALTERNATIVES): a token that is
no word becomes the listed word the recogniser's own second choices spell, when that reading is
likely enough; words, names, numbers and unlikely changes stay as read."""
from __future__ import annotations

import numpy as np
import pytest

from desktop_app.ingestion import ocr
from desktop_app.ingestion.lexicon import LANGUAGES, Lexicon
from desktop_app.ingestion.ocr import _RunnersUp, runner_up_words

LEX = Lexicon({"mart": 4.5, "speed": 5.0, "level": 5.5, "sales": 5.2, "total": 5.6, "froh": 4.0,
               "from": 6.5}, {"froh": 1 << LANGUAGES.index("de"), "from": 1 << LANGUAGES.index("en")})


def steps(text: str, second: dict[int, tuple[str, float]] | None = None, first: float = 0.9):
    """Alternatives for ``text``: every character read with ``first``, and at the positions of
    ``second`` that runner-up."""
    out = []
    for i, ch in enumerate(text):
        alt = (second or {}).get(i)
        out.append(((ch, first), alt) if alt else ((ch, first), ("", 0.01)))
    return tuple(out)


@pytest.mark.parametrize("raw,second,fixed", [
    ("99 SPEED NART", {9: ("m", 0.3)}, "99 SPEED MART"),    # a capital in a word of capitals
    ("99 SFEED MART", {4: ("P", 0.2)}, "99 SPEED MART"),
    ("Levei 6", {4: ("l", 0.15)}, "Level 6"),
    ("Total 5ales", {6: ("S", 0.4)}, "Total Sales"),        # each character keeps its case
    ("TOTALH 0.23", {5: ("", 0.2)}, "TOTAL 0.23"),           # the blank: no character there
])
def test_runner_up_spells_the_word(raw: str, second: dict, fixed: str) -> None:
    assert runner_up_words(raw, raw, steps(raw, second), lexicon=LEX) == fixed


@pytest.mark.parametrize("raw,second", [
    ("SPEED MART", {6: ("N", 0.5)}),      # already a word: left alone
    ("DAKGALBI", {0: ("B", 0.5)}),        # a name no runner-up turns into a word
    ("99 SPEED NART", {9: ("m", 0.05)}),  # the runner-up is too unlikely (0.05 / 0.9 < ALT_RATIO)
    ("2B1I", {1: ("8", 0.5)}),            # numbers are not words
])
def test_left_as_read(raw: str, second: dict) -> None:
    assert runner_up_words(raw, raw, steps(raw, second), lexicon=LEX) == raw


def test_only_words_of_the_pages_languages() -> None:
    raw = "FROE"
    alts = steps(raw, {3: ("H", 0.3)})
    assert runner_up_words(raw, raw, alts, lexicon=LEX) == "FROH"
    english = 1 << LANGUAGES.index("en")
    assert runner_up_words(raw, raw, alts, english, lexicon=LEX) == "FROE"


def test_aligns_through_spaces_put_in_and_specks_dropped() -> None:
    raw = "99SPEED.NART"  # read without its space, a speck read as a full stop
    text = "99 SPEED NART"
    alts = steps(raw, {8: ("M", 0.4)})
    assert runner_up_words(text, raw, alts, lexicon=LEX) == "99 SPEED MART"
    assert runner_up_words("something else", raw, alts, lexicon=LEX) == "something else"


def test_decoder_keeps_each_characters_runners_up() -> None:
    """The wrapper decodes exactly as rapidocr's decoder and keeps the next choices per character."""
    from rapidocr_onnxruntime.ch_ppocr_rec.utils import CTCLabelDecode

    decode = CTCLabelDecode(character=list("ABMN"))  # + blank at 0 and " " at the end
    wrapper = _RunnersUp(decode)
    classes = decode.character  # ['blank', 'A', 'B', 'M', 'N', ' ']
    t = np.full((1, 6, len(classes)), 0.001, dtype=np.float32)
    for step, (cls, p) in enumerate([("N", 0.6), ("N", 0.7), ("blank", 0.9), ("A", 0.8),
                                     ("blank", 0.9), ("B", 0.95)]):
        t[0, step, classes.index(cls)] = p
    t[0, 0, classes.index("M")] = 0.35
    ours = wrapper(t, True, wh_ratio_list=[1.0], max_wh_ratio=1.0)
    theirs = decode(t.copy(), True, wh_ratio_list=[1.0], max_wh_ratio=1.0)
    assert ours[0][0] == theirs[0][0] == "NAB"
    alts = wrapper.seen[("NAB", float(ours[0][1]))]
    assert [a[0][0] for a in alts] == ["N", "A", "B"]
    assert alts[0][1][0] == "M" and alts[0][1][1] == pytest.approx(0.35)


def test_real_recogniser_gives_runners_up_for_every_character() -> None:
    from desktop_app.ingestion.ocr import OcrEngine

    from .makers import scan_image

    engine = OcrEngine.shared()
    items = engine.raw(scan_image(["SPEED MART SDN BHD", "TOTAL 48.50"], size=32))
    assert items
    for item in items:
        assert len(item) == 7, "runners-up missing"
        text, alts = str(item[1]), item[6]
        assert len(alts) == len(text)
        assert all(a[0][0] == ch for a, ch in zip(alts, text, strict=True))
        assert all(a[0][1] >= a[-1][1] for a in alts)


def test_switching_it_off_reads_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    from .makers import scan_image

    img = scan_image(["SPEED MART", "TOTAL 48.50"], size=32)
    engine = ocr.OcrEngine.shared()
    on = [line.text for line in engine.read(img)]
    monkeypatch.setattr(ocr, "CTC_ALTERNATIVES", False)
    off = [line.text for line in engine.read(img)]
    assert on == off  # a clean page: nothing to repair either way
