"""Offline OCR with rapidocr-onnxruntime: orientation, spaces it drops, reading order, boxes."""
from __future__ import annotations

import hashlib
import logging
import math
import os
import re
import statistics
import threading
import tomllib
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from desktop_app.core.entities import Box
from desktop_app.core.resources import resources_root

from .layout import PageLine, Segment, rows_to_lines
from .lexicon import Lexicon, legal_forms, page_languages, repair, restore_accents, word_letters
from .ocr_lines import scan_lines

log = logging.getLogger(__name__)

# Where the recogniser dropped a space, the page shows a blank gap between ink columns.
# A gap is a word space when it is wider than WORD_GAP_HEIGHT × the text height and
# WORD_GAP_MEDIAN × the line's median gap (letter spacing varies with the font), the latter
# capped at WORD_GAP_CAP × the height. Measured on the 63 sroie-dev scans (sequence CER,
# upper-cased, whitespace-normalised): 0.1195 with (0.3, 2.5, 0.5); 0.126 with (0.25, 2.5, no
# cap); 0.130 from character pitch alone (SPACE_GAP); 0.152 with no spaces put back. Unlike
# pitch alone, it also splits proportional fonts.
WORD_GAP_HEIGHT = 0.3
WORD_GAP_MEDIAN = 2.5
WORD_GAP_CAP = 0.5
# Fallback when the crop has too little contrast to see gaps: two characters whose centres
# are further apart than SPACE_GAP × the usual pitch (1.5 and 1.6 were best on sroie-dev).
SPACE_GAP = 1.5
# Monospaced lines (MONO_REGULAR of MONO_STEPS or more steps between characters within a
# quarter of the median): a gap between letters less than MONO_SPACE pitches apart is no space
# when they make a word of zipf MONO_JOIN_ZIPF or more together (insert_spaces).
MONO_SPACE = 1.25
MONO_REGULAR = 0.9
MONO_STEPS = 8
MONO_JOIN_ZIPF = 3.0
# A dash between two numbers found spaced on one side only: spaced on both when the digits
# around it are on average this many character pitches from it, else on neither.
DASH_SPACES = True
DASH_SPACE = 1.5
MIN_CONTRAST = 40
NO_SPACE_IN_NUMBERS = True  # grey levels between paper and ink
OCR_MAX_SIDE = 2000  # rapidocr's own max_side_len
UPRIGHT_CONFIDENCE = 0.85  # below it, the orientation check runs
ORIENT_SIDE = 960  # without boxes from a first reading, orientation is judged on a copy this big
MIN_VOTES = 3  # fewer text boxes than this: too little to judge orientation, assume upright
# Glued words, split words and look-alike letters repaired with a general word list
# (lexicon.py).
LEXICON_REPAIR = True
# Accents and umlauts the recogniser drops ('Schroder', 'decembre') are put back from
# the word list, in the page's languages (lexicon.restore_accents).
RESTORE_ACCENTS = True
# A box whose reading is mostly not words is read again from its crop stretched REREAD_WIDEN
# times in width, and the reading with more letters in words is kept. Small, condensed print
# overfills the recogniser's ~8-pixel steps and loses letters and spaces
# ('12,JalanTami7/4KawasanPerindusan' -> '12, Jalan Tampoi 7/4,Kawasan Perindustrian');
# stretching every box instead made sroie-dev worse (CER 0.105 -> 0.112).
REREAD_WIDEN = 1.5
REREAD_SHARE = 0.6  # re-read when fewer of the letters than this are in words ...
REREAD_LETTERS = 8  # ... and the box has at least this many letters in runs of three or more
REREAD_CONFIDENCE = 0.05  # the new reading may be at most this much less confident
# A '.' or ',' the recogniser reads where the page shows no printed dot (a speck, bare paper at
# the end of a box) is dropped: it needs a separate blob of ink within SPECK_REACH × the
# character pitch of where it was read, at most SPECK_SIZE × the box height in both directions,
# at least (SPECK_MIN × the height)² pixels, and SPECK_DARK of the way from paper to ink.
# Only text boxes that show specks (SPECK_NOISE isolated grey pixels per 1000 or more) are
# judged: on clean receipts small faint full stops are too like specks. Generated documents
# rendered to noisy PNG (two dev seeds): 518 of 518 printed dots kept, 62 of 73 specks read as
# dots dropped; sroie-dev (63 scans): no mark dropped.
DROP_SPECKS = True
SPECK_MARKS = ".,:'\""  # a speck read as one of these is dropped where no printed stroke stands
SPECK_REACH = 0.5
SPECK_SIZE = 0.45
SPECK_MIN = 0.06
SPECK_DARK = 0.65
SPECK_NOISE = 3.0
# A printed dot reaches the darkness of the letters' cores: at least SPECK_STRONG_PIXELS
# pixels within SPECK_STRONG of the way from the box's SPECK_CORE_PERCENTILE-th darkest pixel
# to its paper; a blurred speck does not (blind health PNGs: 0 of 53 specks read as marks
# have two such pixels, every printed dot at least two). A mark between two words
# ('LABORATORIO.ANALISI', '40.mg') is judged too (SPECKS_BETWEEN_WORDS), and kept when such
# ink lies under it within SPECK_CORE_REACH × the pitch (a comma touching its neighbours).
SPECK_CORE_PERCENTILE = 1
SPECK_STRONG = 0.35
SPECK_STRONG_PIXELS = 2
SPECKS_BETWEEN_WORDS = True
SPECK_CORE_REACH = 0.25
# A speck inside a word space (a run of at most GAP_SPECK_WIDTH inked columns holding at most
# GAP_SPECK_PIXELS ink pixels, blank columns on both sides) does not split the space
# (word_gaps), in a box that shows specks (SPECK_NOISE). Blind health PNGs: '100 mg', '550 mg',
# '30 ml' had been read glued. On every box, sroie-dev's CER rose 0.0899 -> 0.0906 (spaces only).
GAP_SPECKS = True
GAP_SPECK_WIDTH = 2
GAP_SPECK_PIXELS = 2


# Recognition is ~70 % of the time. One text box per batch: a batch is padded to its widest
# box, so bigger batches only add work (sroie-dev, CPU seconds per scan: 1.46 with 1,
# 1.51 with 2, 1.74 with 6, rapidocr's default, 2.31 with 16; CER level or better with 1).
REC_BATCH = 1
# Text detection runs on a copy whose longer side is at most this; recognition still reads
# its crops from the full-resolution image. rapidocr's default detects on the whole picture
# (up to 2000 px) and enlarges small scans to 736 px on their shorter side. sroie-dev, 63 scans,
# same run: CER 0.1075 and 83 CPU seconds in all at full size; 0.1053 and 65 s at 1280;
# 0.1057 and 73 s at 1600; 0.1147 and 58 s at 960 (small print is lost).
DET_SIDE = 1280

# The recogniser's own second choices. For each character it reads, rapidocr keeps only the
# most likely one; the CTC output also says what else that step may have been ('NART': 'N' or
# 'M'). A token that is no word becomes the listed word (zipf >= ALT_ZIPF) that the
# recogniser's runners-up spell, when that reading is at least ALT_RATIO times as likely as
# its first one (the product over the changed characters of p(runner-up) / p(first)). Only
# runners-up with p >= ALT_MIN count, the ALT_TOP best of each step, at most ALT_SWAPS changes
# per token; a runner-up may also be "no character here" (the CTC blank).
CTC_ALTERNATIVES = True
ALT_TOP = 3
ALT_MIN = 0.02
ALT_RATIO = 0.1
ALT_SWAPS = 2
ALT_ZIPF = 3.0
ALT_MIN_LETTERS = 3
# A box of one doubted character (confidence below LONE_CONFIDENCE) read as a digit a symbol
# looks like is that symbol when it is a runner-up: '8' for '%' in a lab table's unit column
# (blind health PNGs: read 0.51 and 0.66, '%' second and third).
LONE_CONFIDENCE = 0.75
LONE_SYMBOLS = {"8": "%"}
# Whole lines of the page repaired (ocr_lines): paragraph gaps as blank lines, doses, units and
# punctuation the recogniser misreads in lab reports, prescriptions and letters.
SCAN_LINES = True
# Lines laid on the page's character grid (layout.join_row): indentation and column places kept,
# as a PDF text layer keeps them.
OCR_GRID = True


def _cap_detection(engine: Any, side: int) -> None:
    """Detect on at most ``side`` pixels, never enlarged (rapidocr picks its own size)."""
    try:
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

        det = engine.text_det
        mean, std = det.mean, det.std
        det.get_preprocess = lambda _longest: DetPreProcess(side, "max", mean, std)
    except (ImportError, AttributeError):  # another rapidocr layout: its own sizes
        log.warning("OCR: could not set the detection size; using rapidocr's", exc_info=True)


@contextmanager
def _no_spinning() -> Iterator[None]:
    """ONNX Runtime's worker threads spin while they wait for work. On a machine shared with
    the language model, the UI and other programs, that burns the CPU other threads need:
    with spinning off a scan took 3.9 s instead of 6.5 s (p50, load average 9 on 2 cores) and
    40 % less CPU time. Sessions created inside this block do not spin."""
    try:
        from rapidocr_onnxruntime.utils import infer_engine

        session_class = infer_engine.OrtInferSession
        original = session_class.__dict__["_init_sess_opts"]
        make_options = original.__func__
    except (ImportError, AttributeError, KeyError):  # another rapidocr layout: leave it be
        yield
        return

    def options(config: dict[str, Any]) -> Any:
        opts = make_options(config)
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    session_class._init_sess_opts = staticmethod(options)
    try:
        yield
    finally:
        session_class._init_sess_opts = original


def default_threads() -> int:
    # Leave room for the UI and the language model: never more than two OCR threads.
    return max(1, min(2, os.cpu_count() or 1))


_MODEL_KEYS = {"det": "det_model_path", "rec": "rec_model_path", "cls": "cls_model_path"}
# A model's companion file (the recogniser's dictionary: which character each output class is),
# checked like the model and handed to RapidOCR with it.
_COMPANION_KEYS = {"rec": "rec_keys_path"}


def model_paths(manifest: Path | None = None) -> dict[str, str]:
    """RapidOCR's keyword arguments for Coffer's own OCR models (models/ocr/, made by
    installer/make_ocr_models.py: RapidOCR's detector and line classifier, and PaddleOCR's PP-OCRv6
    small recogniser cut down to the Latin scripts with its dictionary, all with half-precision
    weights), each checked against its sha256 in models/manifest.toml. A missing or altered file
    leaves RapidOCR on the wheel's own copy of that model (a warning in the log), so OCR still
    works; a recogniser and its dictionary are taken or left together."""
    manifest = manifest or resources_root() / "models" / "manifest.toml"
    try:
        entries = tomllib.loads(manifest.read_text(encoding="utf-8")).get("ocr", {})
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    out = {}
    for key, arg in _MODEL_KEYS.items():
        entry = entries.get(key)
        if not entry:
            continue
        files = {arg: (entry["file"], entry["sha256"])}
        if key in _COMPANION_KEYS and entry.get("keys"):
            files[_COMPANION_KEYS[key]] = (entry["keys"], entry["keys_sha256"])
        checked = {name: _checked(manifest.parent / file, digest) for name, (file, digest) in files.items()}
        if all(checked.values()):
            out.update({name: str(path) for name, path in checked.items()})
    return out


def _checked(path: Path, sha256: str) -> Path | None:
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        log.warning("OCR model %s is missing; using the OCR package's own copy.", path.name)
        return None
    if digest != sha256.lower():
        log.warning("OCR model %s does not match its sha256; using the OCR package's own copy.", path.name)
        return None
    return path


class OcrEngine:
    """One RapidOCR instance. Its ONNX models ship with Coffer (models/ocr/) and in the wheel:
    nothing is downloaded."""

    _lock = threading.Lock()
    _shared: OcrEngine | None = None

    def __init__(self, threads: int | None = None) -> None:
        from rapidocr_onnxruntime import RapidOCR

        n = threads or default_threads()
        # rapidocr copies its global thread settings over the per-model ones, so only the
        # global keys take effect (the per-model keys used before left ONNX Runtime at one
        # thread per core).
        settings: dict[str, Any] = {
            "intra_op_num_threads": n, "inter_op_num_threads": 1, "rec_batch_num": REC_BATCH,
            **model_paths()}
        with _no_spinning():
            self._engine = RapidOCR(**settings)
        _cap_detection(self._engine, DET_SIDE)
        self._runners_up = _keep_runners_up(self._engine)

    @classmethod
    def shared(cls, threads: int | None = None) -> OcrEngine:
        """One engine per process (loading the models takes ~0.5 s); ``threads`` applies to
        the first call only."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = OcrEngine(threads)
            return cls._shared

    # -- the pieces -------------------------------------------------------------------------
    def raw(self, image: Any, *, line_classifier: bool = False) -> list[Any]:
        """rapidocr's own result for an RGB PIL image: [quad, text, score, char boxes, chars, confs]."""
        arr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])  # rapidocr expects BGR
        # Once the page is upright (orientation()), the per-line 0°/180° classifier only adds
        # wrong flips: without it CER fell from 0.1195 to 0.1149 on 32 sroie-dev scans.
        if self._runners_up is not None:
            self._runners_up.seen.clear()
        result, _ = self._engine(arr, return_word_box=True, use_cls=line_classifier)
        return self._with_runners_up(list(result or []))

    def _with_runners_up(self, items: list[Any]) -> list[Any]:
        """Each item with the recogniser's runners-up for its characters appended (see
        CTC_ALTERNATIVES), where they were kept."""
        if self._runners_up is None:
            return items
        seen = self._runners_up.seen
        out = []
        for item in items:
            alts = seen.get((str(item[1]), float(item[2])))
            out.append([*item[:6], alts] if alts is not None and len(item) >= 6 else item)
        return out

    def orientation(self, image: Any, boxes: Sequence[Any] | None = None) -> int:
        """Degrees to turn the image counter-clockwise so that its text is upright.

        Text boxes taller than wide mean the page lies on its side; the bundled direction
        classifier (0°/180° per text line) then tells which side is up. ``boxes`` are text
        quadrilaterals already found on ``image`` (the first reading's): without enough of
        them, text is detected again on a copy ORIENT_SIDE pixels big.
        """
        from .image import downscale

        try:
            if boxes is None or len(boxes) < MIN_VOTES:
                image = downscale(image, ORIENT_SIDE)
                arr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
                boxes, _ = self._engine.text_det(arr)
            else:
                arr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
                boxes = [np.asarray(quad, dtype=np.float32) for quad in boxes]
            if boxes is None or len(boxes) < MIN_VOTES:
                return 0
            tall = wide = 0
            for quad in boxes:
                w = float(np.linalg.norm(quad[0] - quad[1]))
                h = float(np.linalg.norm(quad[0] - quad[3]))
                tall += h > 1.5 * w
                wide += w > 1.5 * h
            crops = self._engine.get_crop_img_list(arr, boxes)
            _, cls_res, _ = self._engine.text_cls(crops)
            flipped = sum(1 for label, _score in cls_res if label == "180")
        except Exception:  # an internal API changed: read the page as it is
            log.warning("OCR orientation check failed; reading the page as it lies", exc_info=True)
            return 0
        upside_down = flipped > len(cls_res) / 2
        if tall > wide:
            return 270 if upside_down else 90
        return 180 if upside_down else 0

    # -- the whole page ---------------------------------------------------------------------
    def read(self, image: Any, *, detect_orientation: bool = True) -> list[PageLine]:
        """Lines in reading order with boxes in pixels of ``image`` as given."""
        from .image import downscale, rotate

        original_size = image.size
        # rapidocr shrinks anything larger to this side anyway; doing it first spares the
        # worker several full-size copies of a 50-megapixel photo.
        image = downscale(image, OCR_MAX_SIDE)
        factor = original_size[0] / image.size[0]
        degrees = 0
        items = self.raw(image, line_classifier=not detect_orientation)
        if detect_orientation and not looks_upright(items):
            # Only now pay for the orientation check (most pages are upright); a page that
            # lies on its side or upside down is read again, turned.
            degrees = self.orientation(image, [item[0] for item in items])
            if degrees:
                items = self.raw(rotate(image, degrees))
        upright = rotate(image, degrees)
        if LEXICON_REPAIR and REREAD_WIDEN:
            items = self.reread_doubtful(upright, items)
        gray = np.asarray(upright.convert("L"))
        languages = (page_languages([to_latin(str(item[1])) for item in items])
                     if CTC_ALTERNATIVES and LEXICON_REPAIR else 0)
        pitch = page_pitch(items)
        segments = page_repairs([seg for seg in (_segment_part(part, gray, languages, column)
                                                 for item in items for part, column in column_parts(item, pitch))
                                 if seg])
        rows = [row for row in column_gaps(group_ocr_rows(segments), pitch) if any(s.text.strip() for s in row)]
        rows = deskewed_lefts(rows)
        lines = lost_decimal_marks(amid_amounts([replace(ln, text=abbreviation_marks(line_repairs(ln.text)))
                                                 for ln in rows_to_lines(rows, grid=OCR_GRID)]))
        lines = paragraph_gaps(lines, rows)
        if LEXICON_REPAIR and SCAN_LINES:
            lines = scan_lines(lines)
        if degrees:
            w, h = upright.size
            lines = [replace(ln, box=unrotate_box(ln.box, degrees, w, h)) for ln in lines]
        if factor != 1:
            lines = [replace(ln, box=_scaled(ln.box, factor)) for ln in lines]
        return lines


    def reread_doubtful(self, image: Any, items: list[Any]) -> list[Any]:
        """``items`` (rapidocr's, read from ``image``) with the boxes whose reading is mostly
        not words read again from a widened crop, where that reading has more words."""
        from .image import widen

        arr: Any = None
        out = []
        for item in items:
            known, total = _reading_words(str(item[1]))
            if total < REREAD_LETTERS or known >= REREAD_SHARE * total:
                out.append(item)
                continue
            try:
                if arr is None:
                    arr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])
                quad = np.asarray(item[0], dtype=np.float32)
                crop = self._engine.get_crop_img_list(arr, [quad])[0]
                rec, _ = self._engine.text_rec([widen(crop, REREAD_WIDEN)], True)
                again = self._engine.cal_rec_boxes([crop], [quad], rec)[0]
                alts = (self._runners_up.seen.get((str(again[0]), float(again[1])))
                        if self._runners_up is not None else None)
            except Exception:  # an internal API changed: keep the first reading
                log.warning("OCR: could not read a box again", exc_info=True)
                return items
            if (float(again[1]) >= float(item[2]) - REREAD_CONFIDENCE
                    and _reading_words(str(again[0]))[0] > known
                    and _keeps_numbers(str(item[1]), str(again[0]))):
                out.append([item[0], *again[:5], alts] if alts is not None else [item[0], *again])
            else:
                out.append(item)
        return out


def page_repairs(segments: list[OcrSegment]) -> list[OcrSegment]:
    """Repairs that need the whole page: amounts whose decimal point was read as a colon
    (colon_amounts); accents the recogniser dropped are put back in the page's languages
    (lexicon.restore_accents)."""
    segments = colon_amounts(segments)
    if not (LEXICON_REPAIR and RESTORE_ACCENTS) or not segments:
        return segments
    texts = restore_accents([seg.text for seg in segments])
    return [seg if text == seg.text else replace(seg, text=text)
            for seg, text in zip(segments, texts, strict=True)]


# An amount that ends a box with its decimal point read as a colon ('32:49', '19:80', '1,150:00'):
# not a time of day (the hour past 23, the minutes past 59, or thousands grouped).
_COLON_AMOUNT = re.compile(r"(?<![\d.,:/-])(-?\d{1,3}(?:,\d{3})*|-?\d{1,3}(?:\.\d{3})+):(\d\d)$")


def colon_amounts(segments: list[OcrSegment]) -> list[OcrSegment]:
    """'32:49' at the end of a box -> '32.49' (or '32,49' where the page's amounts have decimal
    commas), when it cannot be a time of day; '1;250' -> '1,250'; '20.00:' -> '20.00'."""
    texts = [seg.text for seg in segments]
    commas = sum(len(re.findall(r"(?<![\d,])\d{1,3},\d\d(?![\d,.])", t)) for t in texts)
    points = sum(len(re.findall(r"(?<![\d.])\d{1,3}\.\d\d(?![\d,.])", t)) for t in texts)
    point = "," if commas > points else "."
    out = []
    for seg in segments:
        if re.search(r"\d;\d", seg.text):  # '1;250': a decimal mark read as a semicolon
            seg = replace(seg, text=re.sub(r"(?<=\d);(?=\d)", point, seg.text))
        if re.search(r"\d[.,]\d\d[:;]$", seg.text):  # '20.00:': a speck after the amount ending a box
            seg = replace(seg, text=seg.text[:-1])
        m = _COLON_AMOUNT.search(seg.text)
        if m and ("," in m.group(1) or "." in m.group(1) or int(m.group(1).lstrip("-")) > 23
                  or int(m.group(2)) > 59):
            seg = replace(seg, text=seg.text[:m.start()] + m.group(1) + point + m.group(2))
        out.append(seg)
    return out


def _keeps_numbers(first: str, again: str) -> bool:
    """The second reading keeps every digit of the first, in order, and mixes no more letters
    into numbers ('Outlet' read 'Dut1et', '31G&33G' read '31G833G' are worse readings)."""
    digits = iter(ch for ch in again if ch.isdigit())
    if not all(ch in digits for ch in first if ch.isdigit()):
        return False
    return _mixed_tokens(again) <= _mixed_tokens(first)


def _mixed_tokens(text: str) -> int:
    return sum(1 for token in re.split(r"[\s,;:()]+", to_latin(text))
               if any(ch.isdigit() for ch in token) and any(ch.isalpha() for ch in token))


def _reading_words(text: str) -> tuple[int, int]:
    return word_letters(repair(to_latin(text)))


def looks_upright(items: Sequence[Any]) -> bool:
    """Confident text in boxes wider than tall. On sroie-dev scans and rendered text, upright
    pages read at 0.95-0.98 mean confidence, turned ones (90°/180°) at 0.57-0.70."""
    if not items:
        return False
    weight = total = 0.0
    tall = wide = 0
    for item in items:
        quad, text, score = item[0], str(item[1]), float(item[2])
        weight += len(text)
        total += len(text) * score
        w, h = _dist(quad[0], quad[1]), _dist(quad[0], quad[3])
        tall += h > 1.5 * w
        wide += w > 1.5 * h
    return wide >= tall and weight > 0 and total / weight >= UPRIGHT_CONFIDENCE


# Reading order. The recogniser returns one box per run of text; a receipt row ("TOTAL" ...
# "31.00") is often two or three boxes far apart, and a photo is rarely square to the camera.
ROW_TOLERANCE = 0.5  # a box joins a row when its centre is within this × the text height of it
MAX_SKEW = math.radians(20)  # steeper boxes are not used to estimate the page's tilt
TALL = 1.6  # a box this much taller than a row's text (a big total, a stamp) does not steer it


@dataclass
class OcrSegment(Segment):
    """A recognised box with its geometry: the baseline's angle (radians, y down), the text
    height along the box, and the centre."""

    angle: float = 0.0
    height: float = 0.0
    width: float = 0.0
    center: tuple[float, float] = (0.0, 0.0)
    column_before: bool = False  # a column gap before it (column_parts, column_gaps)
    ink: tuple[float, float, float] | None = None  # its first and last characters' cells and pitch
    grid_x: float | None = None  # its left edge along the page's lines (deskewed_lefts)

    @classmethod
    def from_quad(cls, text: str, quad: Sequence[Sequence[float]], score: float) -> OcrSegment:
        p = [(float(pt[0]), float(pt[1])) for pt in quad]
        xs, ys = [pt[0] for pt in p], [pt[1] for pt in p]
        # rapidocr's quads run top-left, top-right, bottom-right, bottom-left.
        dx = (p[1][0] - p[0][0]) + (p[2][0] - p[3][0])
        dy = (p[1][1] - p[0][1]) + (p[2][1] - p[3][1])
        width = (_dist(p[0], p[1]) + _dist(p[3], p[2])) / 2
        height = (_dist(p[0], p[3]) + _dist(p[1], p[2])) / 2
        return cls(text, (min(xs), min(ys), max(xs), max(ys)), score, math.atan2(dy, dx),
                   height, width, (sum(xs) / 4, sum(ys) / 4))


def page_skew(segments: Sequence[OcrSegment]) -> float:
    """The page's dominant text angle (radians): the width-weighted median angle of the boxes
    that are clearly wider than tall (short boxes have noisy angles)."""
    votes = sorted((s.angle, s.width) for s in segments
                   if s.width >= 2 * s.height and abs(s.angle) <= MAX_SKEW)
    total = sum(w for _, w in votes)
    seen = 0.0
    for angle, weight in votes:
        seen += weight
        if seen >= total / 2:
            return angle
    return 0.0


def group_ocr_rows(segments: Sequence[OcrSegment],
                   tolerance: float = ROW_TOLERANCE) -> list[list[OcrSegment]]:
    """Visual rows, top down, each left to right, on a page that may be tilted.

    The centres are turned by the page's skew; then, going left to right, each box joins
    the row whose last box ends before it starts and whose centre line is nearest, if that is
    within ``tolerance`` × the smaller text height. A row follows its last box of ordinary
    height, so a slowly curving photo keeps its rows and a tall box (a big total, a stamp, two
    rows read as one) cannot pull the next row into its own.
    """
    if not segments:
        return []
    skew = page_skew(segments)
    cos, sin = math.cos(skew), math.sin(skew)
    placed = []
    for seg in segments:
        cx, cy = seg.center
        x, y = cos * cx + sin * cy, -sin * cx + cos * cy
        height = seg.height or (seg.box[3] - seg.box[1]) or 1.0
        half = (seg.width or (seg.box[2] - seg.box[0])) / 2
        placed.append((x - half, x + half, y, max(height, 1.0), seg))
    rows: list[dict[str, Any]] = []
    for left, right, y, height, seg in sorted(placed, key=lambda p: (p[0], p[2])):
        best, best_distance = None, tolerance
        for row in rows:
            if left < row["right"] - 0.3 * min(right - left, row["right"] - row["left"]):
                continue  # overlaps the row's last box: a different row
            distance = abs(y - row["y"]) / min(height, row["height"])
            if distance < best_distance:
                best, best_distance = row, distance
        if best is None:
            rows.append({"left": left, "right": right, "y": y, "height": height,
                         "ys": [y], "members": [seg]})
            continue
        best["members"].append(seg)
        best["ys"].append(y)
        best["left"], best["right"] = left, right
        if height <= TALL * best["height"]:
            best["y"] = y
            best["height"] = height
    rows.sort(key=lambda row: statistics.median(row["ys"]))
    return [row["members"] for row in rows]


def deskewed_lefts(rows: list[list[OcrSegment]]) -> list[list[OcrSegment]]:
    """Each box with ``grid_x``, its left edge measured along the page's lines (its centre
    turned by the page's skew, less half its width): on a photo tilted by 2° the boxes of one
    column drift a character's width sideways every 15 lines, so that by their upright
    boxes a table's rows would start at different places of the character grid
    (layout.join_row) than the header and the wrapped lines under them."""
    skew = page_skew([seg for row in rows for seg in row])
    if not skew:
        return rows
    cos, sin = math.cos(skew), math.sin(skew)
    return [[replace(seg, grid_x=cos * seg.center[0] + sin * seg.center[1]
                     - (seg.width or seg.box[2] - seg.box[0]) / 2) for seg in row] for row in rows]


def _scaled(box: Box | None, factor: float) -> Box | None:
    return None if box is None else (box[0] * factor, box[1] * factor, box[2] * factor,
                                     box[3] * factor)


def to_segment(item: Sequence[Any], gray: Any = None, languages: int = 0) -> OcrSegment | None:
    quad, text, score = item[0], str(item[1]), float(item[2])
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    box: Box = (min(xs), min(ys), max(xs), max(ys))
    if len(item) >= 5:
        chars = [str(c) for c in item[4]]
        centers = [(float(b[0][0]) + float(b[1][0])) / 2 for b in item[3]]
        if len(chars) == len(centers) and "".join(chars) == text:
            side = (_dist(quad[0], quad[3]) + _dist(quad[1], quad[2])) / 2
            said: list[float] = []
            if gray is not None and " " in chars:
                # The recogniser's own spaces become gaps at their place, so that the checks
                # below see only printed characters (a space's box may lie over an unread '€').
                said = [c for ch, c in zip(chars, centers, strict=True) if ch == " "]
                kept = [k for k, ch in enumerate(chars) if ch != " "]
                chars, centers = [chars[k] for k in kept], [centers[k] for k in kept]
                text = "".join(chars)
            if gray is not None and DROP_SPECKS:
                chars, centers = drop_specks(chars, centers, gray, box, side, quad)
                text = "".join(chars)
            if gray is not None and BASELINE_MARKS:
                chars, centers = off_baseline_marks(chars, centers, gray, box, quad)
                text = "".join(chars)
            if gray is not None and UNREAD_CURRENCY:
                chars, centers = unread_currency(chars, centers, gray, box, quad)
                text = "".join(chars)
            if gray is not None and UNIT_GLYPHS:
                chars = unit_glyphs(chars, centers, gray, box, quad)
                text = "".join(chars)
            gaps = word_gaps(gray, box, side, quad) if gray is not None else None
            if gaps is not None:
                gaps = sorted([*gaps, *said])
            text = (insert_spaces(chars, centers, gaps) if gaps is not None
                    else restore_spaces(chars, centers))
            if CTC_ALTERNATIVES and len(item) >= 7 and item[6] is not None:
                text = runner_up_words(text, str(item[1]), item[6], languages)
                text = lone_symbol(text, score, item[6])
    text = code_dashes(joined_dates(split_glued(confusions_in_pieces(fix_confusions(
        " ".join(to_latin(text).split()))))))
    if text == "米":
        text = "*"  # a box of one asterisk read as its Chinese look-alike
    if LEXICON_REPAIR:
        text = legal_forms(repair(text))
    return OcrSegment.from_quad(text, quad, score) if text else None


# RapidOCR's own recogniser (the fallback when Coffer's is missing) is a Chinese model: on Latin
# print it answers in full-width punctuation ("（", "，", "：") and reads a dash as the ideograph
# for one.
# NFKC turns the micro sign of 'µg/L' into the Greek letter mu; units keep the micro sign.
_LOOK_ALIKES = str.maketrans({"一": "-", "。": ".", "\u03bc": "\u00b5"})


# A unit's superscripts ('1,73m²', '/mm³') are printed so: NFKC would make them plain digits.
_KEEP_SUPERSCRIPTS = re.compile(r"([²³])")


def to_latin(text: str) -> str:
    """Full-width and compatibility forms as plain ASCII (NFKC), CJK look-alikes of dashes;
    the superscript two and three stay."""
    return "".join(part if _KEEP_SUPERSCRIPTS.fullmatch(part) else unicodedata.normalize("NFKC", part)
                   for part in _KEEP_SUPERSCRIPTS.split(text)).translate(_LOOK_ALIKES)


# Where the recogniser ran two printed words together and the page showed too small a gap,
# some joins are still certain from the characters alone: a date and the time printed after
# it, a day, a month name and a year, a label and the amount after it, "&" and ")" touching
# a word.
_MONTHS = ("jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|"
           "june|july|august|september|october|november|december")
_GLUED = [
    # 0ct 2024, N0V -> Oct 2024, NOV: the 'O' of a month name read as a zero; 150ct 2024 ->
    # 15 Oct 2024 (a day before it and a year after it: '500CT' is a count)
    (re.compile(r"(?<![\w.,])(?:([0-3]?\d)[.:]? ?)?0(ct|CT)(?= ?(?:19|20)\d\d\b)"),
     lambda m: f"{m.group(1)} O{m.group(2)}" if m.group(1) else f"O{m.group(2)}"),
    (re.compile(r"(?<![\w.,])(?:0(ct|CT)|N0(v|V))(?![\w])"),
     lambda m: f"O{m.group(1)}" if m.group(1) else f"N{'O' if m.group(2) == 'V' else 'o'}{m.group(2)}"),
    # 18: Oct, 02.Oct, OCT:02, SEP- 17 -> 18 Oct, 02 Oct, OCT 02, SEP 17: a speck read as a
    # colon, full stop or dash between a day and a month name
    (re.compile(rf"(?<![\d.,:])(\d{{1,2}})(?::\s?|\.)(?=(?:{_MONTHS})\b)", re.IGNORECASE), r"\1 "),
    (re.compile(rf"\b({_MONTHS})(?::\s?|- )(\d{{1,2}})\b(?![.,:/]\d)", re.IGNORECASE), r"\1 \2"),
    # Oct 13,2024 -> Oct 13, 2024
    (re.compile(rf"\b({_MONTHS}) (\d{{1,2}}),((?:19|20)\d\d)\b", re.IGNORECASE), r"\1 \2, \3"),
    # 20OZ read 200Z, 3.25OZ read 3.250Z: the 'O' of a weight in ounces read as a zero
    (re.compile(r"(?<=\d)0([Zz])\b"), r"O\1"),
    # 'C . P. 03940' -> 'C.P. 03940': the full stop of an initialism read apart from its letters
    (re.compile(r"(?<![\w.])([A-Z]) \. ?(?=[A-Z]\.)"), r"\1."),
    # 8:1% -> 8.1%: no colon inside a percentage
    (re.compile(r"(?<![\d:])(\d{1,2}):(\d{1,2})(?=%)"), r"\1.\2"),
    # 09/01/20198:01:11 -> 09/01/2019 8:01:11 (a year has four digits; a time follows)
    (re.compile(r"(?<!\d)(\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)\d\d)(\d{1,2}:\d\d)"), r"\1 \2"),
    # 12Mar2018 18:19, 30 May 201818:24 -> 12 Mar 2018 18:19, 30 May 2018 18:24
    (re.compile(rf"(?<![\d\w])(\d{{1,2}}) ?({_MONTHS})[ ,]?((?:19|20)\d\d)(\d{{1,2}}:\d\d)?(?!\d)",
                re.IGNORECASE), lambda m: " ".join(g for g in m.groups() if g)),
    # TOTALGBP6.45, CASH100.00, TotalRM12.50 -> TOTAL GBP 6.45, CASH 100.00, Total RM 12.50
    (re.compile(r"(?<![\w.])([A-Za-z]{3,}:?)([$€£]?\d{1,3}(?:,\d{3})*\.\d\d)(?![\d.])"),
     lambda m: f"{_split_currency(m.group(1))} {m.group(2)}"),
    # 10~6/µL, x10~3/µL -> 10^6/µL, x10^3/µL: the recogniser reads a caret as a tilde ('^'
    # its runner-up) in a unit's power of ten
    (re.compile(r"(?<![\w.,])(x ?10|10)~(?=(?:3|6|9|12)(?!\d))"), r"\1^"),
    # mmot/L, pmot/L -> mmol/L, pmol/L: the recogniser reads a thin 'l' as 't'
    (re.compile(r"(?<=[mµnpkd])mot(?=/)"), "mol"),
    # 'Dr, med.' -> 'Dr. med.': a title is abbreviated with a full stop, never a comma
    (re.compile(r"\b(Dr|Prof|Mr|Mrs|med),(?= [A-Za-z])"), r"\1."),
    # 'med.Lukas', 'stable.Blood' -> 'med. Lukas', 'stable. Blood': a capitalised word
    # never touches the full stop before it
    (re.compile(r"(?<!\w)([A-Za-z][a-z]+\.)([A-Z][a-z]{2,})\b(?![.@/])"), r"\1 \2"),
    # 'OConnor' -> "O'Connor": the apostrophe of an Irish surname is too thin to be read
    (re.compile(r"(?<![\w'])O([A-Z][a-z]{3,})\b"), r"O'\1"),
    # HARDWARE& ELECTRICAL -> HARDWARE & ELECTRICAL; (KL)SDN -> (KL) SDN
    (re.compile(r"(?<=[A-Za-z]{2})&(?= |$)"), " &"),
    (re.compile(r"(?<= )&(?=[A-Za-z]{2})"), "& "),
    (re.compile(r"\)(?=[A-Za-z]{2})"), ") "),
]
_CURRENCY_CODES = {"RM", "EUR", "GBP", "USD", "CHF", "MYR", "SGD", "AUD", "CAD", "JPY", "CNY",
                   "HKD", "INR", "NZD", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF", "IDR", "THB",
                   "PHP", "ZAR", "AED", "SAR", "TRY", "MAD"}


def _split_currency(label: str) -> str:
    """"TOTALGBP" -> "TOTAL GBP": a label that ends in a currency code (upper case)."""
    for size in (3, 2):
        code, rest = label[-size:], label[:-size]
        if code in _CURRENCY_CODES and len(rest) >= 3 and rest.isalpha():
            return f"{rest} {code}"
    return label


# A speck read as a colon between a day and a month name that were read as two boxes
# ('18:' and 'Oct 2024' -> '18: Oct 2024'; 'OCT:' and '02')
_DAY_COLON_MONTH = [
    (re.compile(rf"^(\d{{1,2}}): (?=(?:{_MONTHS})\b)", re.IGNORECASE), r"\1 "),
    (re.compile(rf"^({_MONTHS}): (\d{{1,2}})\b(?![.,:/]\d)", re.IGNORECASE), r"\1 \2"),
]


# A numeric date the recogniser broke: its year split after the century ('28/08/20 17 12:26'; not
# '28/08/20 17:30', a two-digit year and a time), or one separator read as a tilde ('05-05~18').
_DATE_BREAKS = [
    (re.compile(r"(?<![\d/.-])(\d{1,2}([/.-])\d{1,2}\2(?:19|20)) (\d\d)(?![\d:.,])"), r"\1\3"),
    (re.compile(r"(?<![\d~-])(\d{1,2})([/.-])(\d{1,2})~(\d{2}|\d{4})(?![\d~])"), r"\1\2\3\2\4"),
    (re.compile(r"(?<![\d~-])(\d{1,2})~(\d{1,2})([/.-])(\d{2}|\d{4})(?![\d~])"), r"\1\3\2\3\4"),
]


def line_repairs(text: str) -> str:
    """Repairs across the boxes of one line (see _DAY_COLON_MONTH, _DATE_BREAKS)."""
    for pattern, repl in (*_DAY_COLON_MONTH, *_DATE_BREAKS):
        text = pattern.sub(repl, text)
    return text


_LINE_AMOUNT = re.compile(r"\s\d{1,3}(?:[.,]\d{3})*([.,])\d\d$")
_LINE_TIME = re.compile(r"(?<=\s\s)(\d{1,2}):(\d\d)$")


def amid_amounts(lines: list[PageLine]) -> list[PageLine]:
    """An item line ending in what reads as a time ('TORTILLAS MAIZ 1KG   23:00') between two lines
    that end in amounts is an amount whose decimal mark was read as a colon; a speck after its
    leading count ('1:   TORTILLAS') goes too."""
    out = list(lines)
    for i in range(1, len(lines) - 1):
        m = _LINE_TIME.search(lines[i].text)
        above, below = _LINE_AMOUNT.search(lines[i - 1].text), _LINE_AMOUNT.search(lines[i + 1].text)
        if not (m and above and below and above.group(1) == below.group(1)):
            continue
        if not re.search(r"[A-Za-z]{3}", lines[i].text[: m.start()]):
            continue
        text = lines[i].text[: m.start()] + m.group(1) + above.group(1) + m.group(2)
        out[i] = replace(lines[i], text=re.sub(r"^(\d{1,3}):(?=\s)", r"\1", text))
    return out


_LINE_WHOLE = re.compile(r"(?<=\s\s)(-?\d{3,6})(?=(?: ?[€£$₹]| [A-Z])?$)")
# a line that counts or numbers something ('Points earned   125', 'Store   0427', 'Items   12')
_COUNTED = re.compile(r"(?i)\b(?:points?|pts|punkte|bonus|no|nr|n°|nº|#|qty|items?|articles?|artikel|code|id|ref|"
                      r"store|shop|kasse|caisse|ticket|bon|member|card|tel|phone|room|table|customer|kunden)\b|#")


def _right_aligned(line: PageLine, *others: PageLine) -> bool:
    """Whether ``line`` ends where the ``others`` end (an amounts column), give or take a
    character; True when the lines carry no boxes."""
    if line.box is None or any(o.box is None for o in others):
        return True
    height = max(1.0, line.box[3] - line.box[1])
    return all(abs(line.box[2] - o.box[2]) <= height for o in others)


_LINE_ENDS_AMOUNT = re.compile(r"\s-?[€£$₹]?\d{1,3}(?:[.,]\d{3})*([.,])\d\d(?: ?[€£$₹]| [A-Z])?$")


def lost_decimal_marks(lines: list[PageLine]) -> list[PageLine]:
    """An item line whose last cell reads as a whole number of three digits or more ('LESSIVE
    LIQUIDE 2L   749', 'Sparplan   -4000') where the nearest lines above and below that end in
    amounts print them with two decimals and the same mark: the recogniser lost its decimal mark
    ('7,49', '-40,00')."""
    ends = [_LINE_ENDS_AMOUNT.search(ln.text) for ln in lines]
    out = list(lines)
    for i, ln in enumerate(lines):
        m = _LINE_WHOLE.search(ln.text)
        if (not m or not re.search(r"[A-Za-zÀ-ÿ]{3}", ln.text[: m.start()]) or re.search(r"[.,]\d", ln.text)
                or _COUNTED.search(ln.text[: m.start()])):
            continue
        up = next((k for k in range(i - 1, max(-1, i - 3), -1) if ends[k]), None)
        down = next((k for k in range(i + 1, min(len(lines), i + 3)) if ends[k]), None)
        if up is None or down is None or ends[up].group(1) != ends[down].group(1):
            continue
        if not _right_aligned(ln, lines[up], lines[down]):
            continue
        above = ends[up]
        digits = m.group(1)
        out[i] = replace(ln, text=ln.text[: m.start()] + digits[:-2] + above.group(1) + digits[-2:]
                         + ln.text[m.end():])
    return out


# A blank line of the page (between a shop's address block and the rest, a statement's header
# and its table) shows as a gap between two rows of text: the next row's centre lies PARAGRAPH_GAP
# × the page's usual line step or more below the last one's. It is kept as a blank line, as a
# text layer keeps it: the rules read a heading's blocks by them.
PARAGRAPH_GAP = 1.6


def paragraph_gaps(lines: list[PageLine], rows: Sequence[Sequence[OcrSegment]]) -> list[PageLine]:
    """``lines`` (one per row of ``rows``, top down) with a blank line marked before each that
    follows a wider gap than the page's usual line step (see PARAGRAPH_GAP). A row's height is
    the median of its boxes' centres turned by the page's skew: on a tilted photo a long row's
    box would stand lower or higher than a short one's."""
    if not PARAGRAPH_GAP or len(lines) != len(rows) or len(rows) < 5:
        return lines
    skew = page_skew([seg for row in rows for seg in row])
    cos, sin = math.cos(skew), math.sin(skew)
    ys = [statistics.median(-sin * seg.center[0] + cos * seg.center[1] for seg in row) for row in rows]
    steps = [b - a for a, b in zip(ys, ys[1:], strict=False) if b > a]
    if len(steps) < 4:
        return lines
    step = statistics.median(steps)
    return [replace(ln, blank_before=True) if i and ys[i] - ys[i - 1] >= PARAGRAPH_GAP * step else ln
            for i, ln in enumerate(lines)]


def split_glued(text: str) -> str:
    """Put back spaces the characters themselves prove were there (see _GLUED)."""
    for pattern, repl in _GLUED:
        text = pattern.sub(repl, text)
    return text


_UNITS = {"st", "nd", "rd", "th", "pc", "pcs", "kg", "mg", "ml", "cl", "lb", "lbs", "oz", "min",
          "mins", "hr", "hrs", "km", "cm", "mm", "pk", "pkt", "pkts", "ct", "yr", "yrs", "day",
          "days", "am", "pm", "mth", "mths", "wk", "wks", "sec", "ltr", "tab", "tabs", "cap",
          "caps", "mcg", "gal", "pax", "nos", "unit", "units", "box", "set", "sets"}
# A zero (or two) between capitals ("L0T", "F00D") or after one capital before "." or ":" ("N0.", "C0.").
_ZERO_IN_WORD = re.compile(r"&?[A-Z]0{1,2}[A-Z][A-Z]*[.,:]?|[A-Z]0[.:]")  # '&F00D' too
_POSTCODE_TAIL = re.compile(r"\d[A-Z]\d[.,]?")
# A capital, a capital I, lower case: the I was an l ('BIk G', 'JIn PJU', 'CIinic'); 'McIntosh' has
# its I later, 'In', 'IT' do not match.
_CAPITAL_I = re.compile(r"[A-Z]I[a-z]+[.,:]?")
_TO_LETTER = {"0": "O", "1": "I", "5": "S", "8": "B"}
_TO_DIGIT = {"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1", "S": "5", "B": "8"}


def fix_confusions(text: str) -> str:
    """Undo the recogniser's look-alike swaps inside a word: one digit among letters
    ("L0T" → "LOT", "BERJUNTA1" → "BERJUNTAI") or one letter among digits ("1O.50" → "10.50").
    Tokens that mix letters and digits on purpose (codes like "U13/BG", "7/118B") have more
    than one of the minority kind, or the odd character at a code-like position, and stay."""
    out = []
    tokens = text.split(" ")
    for n, token in enumerate(tokens):
        letters = sum(ch.isalpha() for ch in token)
        digits = sum(ch.isdigit() for ch in token)
        following = tokens[n + 1] if n + 1 < len(tokens) else ""
        if _ZERO_IN_WORD.fullmatch(token) and not _POSTCODE_TAIL.fullmatch(following):
            token = token.replace("0", "O")  # "L0T", "N0.", "C0." (not "H0H 0H0", a postcode)
        elif (digits >= 2 and letters == 1 and token.rstrip(".,")[-1:] in ("O", "o")
              and token.rstrip(".,")[:-1].isdigit()):
            body = token.rstrip(".,")  # "4330O" -> "43300", "NO 29O," -> "NO 290,"
            token = body[:-1] + "0" + token[len(body):]
        elif _CAPITAL_I.fullmatch(token):
            token = token[0] + "l" + token[2:]  # "BIk", "JIn", "CIinic": no word goes on in lower case after a capital I
        elif (digits == 1 and token[0] in "05" and len(token) >= 3 and token[1:].isalpha()
                and token[1:].islower() and token[1:] not in _UNITS):
            token = _TO_LETTER[token[0]] + token[1:]  # "5dn" -> "Sdn"; "5kg", "5th" stay
        elif letters >= 3 and digits == 1:  # "K1A" (a postcode) stays
            i = next(k for k, ch in enumerate(token) if ch.isdigit())
            inner = 0 < i < len(token) - 1 and token[i - 1].isalpha() and token[i + 1].isalpha()
            end = (letters >= 3 and i == len(token) - 1 and token[i - 1].isalpha()
                   and (token[i] == "1" or (token[i] == "0" and token[:i].isupper() and token[:i].isalpha())))
            if (inner or end) and token[i] in _TO_LETTER:
                letter = _TO_LETTER[token[i]]
                if token[i - 1].islower():
                    letter = letter.lower()
                token = token[:i] + letter + token[i + 1:]
        elif digits >= 3 and letters == 1:  # "0B1" (a postcode) stays
            i = next(k for k, ch in enumerate(token) if ch.isalpha())
            inner = 0 < i < len(token) - 1 and not token[i - 1].isalpha() and not token[i + 1].isalpha()
            if inner and token[i] in _TO_DIGIT and token[i - 1] not in "/-" and token[i + 1] not in "/-":
                token = token[:i] + _TO_DIGIT[token[i]] + token[i + 1:]
        out.append(token)
    return " ".join(out)


# Two columns of a table printed close together ('1284471  KS PAPER TOWEL', 'LOS-2210   Ergonomic
# chair') are often found as one text box, and the gap between them read as one space: the row's
# cells run together. Inside a box, a step between two characters' centres of COLUMN_PITCHES ×
# the box's character pitch or more (two blank cells of a monospaced line and more; one word
# space is two pitches) is a column gap: the box is read as two, joined as a column break. Not
# after a colon: a label and its value stay joined by a space, however far apart they stand.
COLUMN_PITCHES = 2.6
BIGGER_FONT = 1.25  # a box whose own pitch is this × the page's is in a bigger font
SPACE_MARGIN = 0.2  # a space the recogniser read: its neighbours a little further apart still (CTC places them roughly)


def page_pitch(items: Sequence[Any]) -> float | None:
    """The page's character pitch: the median step between the centres of neighbouring
    characters of its boxes, word spaces aside (one box's few steps are too coarse: the
    recogniser places characters a few pixels either way)."""
    steps = []
    for item in items:
        if len(item) >= 5 and len(item[3]) >= 2:
            centers = [(float(b[0][0]) + float(b[1][0])) / 2 for b in item[3]]
            steps.extend(b - a for a, b in zip(centers, centers[1:], strict=False) if b > a)
    if len(steps) < 20:
        return None
    pitch = statistics.median(steps)
    return statistics.median([x for x in steps if x < 1.5 * pitch])


def column_parts(item: Sequence[Any], pitch: float | None = None) -> list[tuple[Sequence[Any], bool]]:
    """rapidocr's ``item`` as the boxes it holds, split at column gaps (see COLUMN_PITCHES;
    ``pitch``: the page's), each with whether a column gap comes before it."""
    if not COLUMN_PITCHES or len(item) < 6 or not pitch:
        return [(item, False)]
    text, chars = str(item[1]), [str(c) for c in item[4]]
    alts = item[6] if len(item) >= 7 else None
    if ("".join(chars) != text or len(item[3]) != len(chars) or len(item[5]) != len(chars)
            or (alts is not None and len(alts) != len(chars)) or len(chars) < 4):
        return [(item, False)]
    centers = [(float(b[0][0]) + float(b[1][0])) / 2 for b in item[3]]
    steps = [b - a for a, b in zip(centers, centers[1:], strict=False)]
    if not steps or min(steps) <= 0:
        return [(item, False)]
    # A box in a bigger font than the page's (a shop's name in a header) has its own, wider pitch.
    printed = [step for i, step in enumerate(steps) if chars[i] != " " and chars[i + 1] != " "]
    if printed:
        own = statistics.median(printed)
        pitch = max(pitch, statistics.median([x for x in printed if x < 1.5 * own] or [own]))
    # (end of one part, start of the next): a wide step between two characters, or a space the
    # recogniser read where two blank cells stand ('01.10.2024  Trvalý příkaz': one space reads as
    # two pitches from the character before to the one after, two blank cells as three)
    cuts = [(i + 1, i + 1) for i, step in enumerate(steps)
            if step >= COLUMN_PITCHES * pitch and chars[i] not in " :" and chars[i + 1] != " "]
    cuts += [(i + 1, i + 2) for i in range(len(chars) - 2)
             if chars[i + 1] == " " and chars[i] not in " :" and chars[i + 2] != " "
             and centers[i + 2] - centers[i] >= (COLUMN_PITCHES + SPACE_MARGIN) * pitch]
    if not cuts:
        return [(item, False)]
    cuts.sort()
    quad = [(float(p[0]), float(p[1])) for p in item[0]]
    left, right = min(p[0] for p in quad), max(p[0] for p in quad)
    out = []
    for n, (a, b) in enumerate(zip([0, *(c[1] for c in cuts)], [*(c[0] for c in cuts), len(chars)], strict=True)):
        x0 = left if a == 0 else centers[a] - pitch / 2
        x1 = right if b == len(chars) else centers[b - 1] + pitch / 2
        part = [_sub_quad(quad, x0, x1, left, right), "".join(chars[a:b]), item[2], item[3][a:b],
                item[4][a:b], item[5][a:b]]
        if alts is not None:
            part.append(alts[a:b])
        out.append((part, n > 0))
    return out


def _sub_quad(quad: Sequence[tuple[float, float]], x0: float, x1: float, left: float,
              right: float) -> list[list[float]]:
    """The part of a text box (top-left, top-right, bottom-right, bottom-left) between x0 and x1."""
    span = max(1e-6, right - left)
    (ax, ay), (bx, by), (cx, cy), (dx, dy) = quad

    def at(t: float) -> tuple[list[float], list[float]]:
        return [ax + t * (bx - ax), ay + t * (by - ay)], [dx + t * (cx - dx), dy + t * (cy - dy)]

    (top0, bottom0), (top1, bottom1) = at((x0 - left) / span), at((x1 - left) / span)
    return [top0, top1, bottom1, bottom0]


def _segment_part(item: Sequence[Any], gray: Any, languages: int, column: bool) -> OcrSegment | None:
    seg = to_segment(item, gray, languages)
    if seg is None:
        return None
    centers = ([(float(b[0][0]) + float(b[1][0])) / 2 for b in item[3]]
               if len(item) >= 5 and len(item[3]) >= 2 else [])
    steps = [b - a for a, b in zip(centers, centers[1:], strict=False) if b > a]
    if steps:
        pitch = statistics.median(steps)
        pitch = statistics.median([x for x in steps if x < 1.5 * pitch] or [pitch])
        seg = replace(seg, ink=(centers[0] - pitch / 2, centers[-1] + pitch / 2, pitch))
    return replace(seg, column_before=True) if column else seg


def column_gaps(rows: list[list[OcrSegment]], pitch: float | None) -> list[list[OcrSegment]]:
    """Each row with a column break marked between two of its boxes whose characters stand
    COLUMN_PITCHES × the page's ``pitch`` apart or more, centre to centre (two blank cells; the
    boxes' own edges, padded by the detector, hide that gap from layout.join_row)."""
    if not COLUMN_PITCHES or not pitch:
        return rows
    out = []
    for row in rows:
        marked = list(row)
        for i in range(1, len(marked)):
            a, b = marked[i - 1].ink, marked[i].ink
            if a is None or b is None or marked[i].column_before or marked[i - 1].text.endswith(":"):
                continue  # ('Referred by:  Dr Tran': a label and its value, however far apart)
            # (boxes in a bigger font than the page's: by their own pitch; a box's own pitch
            # from its few characters is rough, so only when clearly wider than the page's)
            own = max(a[2], b[2])
            if b[0] - a[1] >= (COLUMN_PITCHES - 1) * (own if own > BIGGER_FONT * pitch else pitch):
                marked[i] = replace(marked[i], column_before=True)
        out.append(marked)
    return out


# A full stop or comma sits on the line's baseline (a comma's tail hangs below it). A speck
# the recogniser reads as one ('Public Purpose.Charge', 'Chew.20-40kg') often lies wholly below
# the baseline or floats above it: a mark with no ink within BASELINE_BAND × the text height of
# the baseline, where the recogniser placed it, is dropped (drop_specks judges the others).
BASELINE_MARKS = True
BASELINE_BAND = 0.12


def off_baseline_marks(chars: Sequence[str], centers: Sequence[float], gray: Any, box: Box,
                       quad: Sequence[Sequence[float]] | None = None) -> tuple[list[str], list[float]]:
    """``chars`` without the '.' and ',' whose ink lies off the baseline (see BASELINE_MARKS);
    marks between two digits ('31.00', '1,5') stay whatever the ink."""
    chars, centers = list(chars), list(centers)
    marks = [i for i, ch in enumerate(chars) if ch in ".," and 0 < i
             and not (chars[i - 1].isdigit() and i + 1 < len(chars) and chars[i + 1].isdigit())]
    if not marks or gray is None or len(chars) < 3:
        return chars, centers
    page = box_ink(gray, box, quad)
    if page is None:
        return chars, centers
    x0, ink = page.x0, page.ink
    steps = [b - a for a, b in zip(centers, centers[1:], strict=False) if b > a]
    if not steps:
        return chars, centers
    pitch = statistics.median(steps)
    drop = set()
    for i in marks:
        c = centers[i] - x0
        line = _local_line(ink, c, pitch)
        if line is None:
            continue
        baseline, top = line
        band = max(1, round(BASELINE_BAND * (baseline - top + 1)))
        window = ink[:, max(0, int(c - 0.35 * pitch)):max(0, int(c + 0.35 * pitch) + 1)]
        found = np.flatnonzero(window.any(axis=1))
        if found.size and (found[0] > baseline + band or found[-1] < baseline - 3 * band):
            drop.add(i)  # wholly below the baseline, or floating above it
    if not drop or len(drop) == len(chars):
        return chars, centers
    out = [(ch, x) for i, (ch, x) in enumerate(zip(chars, centers, strict=True)) if i not in drop]
    return [ch for ch, _ in out], [x for _, x in out]


def _local_line(ink: Any, c: float, pitch: float) -> tuple[int, int] | None:
    """The baseline and the top row of the letters around column ``c`` of a box's ink (two
    character pitches each side, the character at ``c`` left out: a tilted photo's baseline drifts
    along a line), or None when too little ink stands there."""
    near = np.zeros(ink.shape[1], dtype=bool)
    near[max(0, int(c - 2.5 * pitch)):max(0, int(c + 2.5 * pitch) + 1)] = True
    near[max(0, int(c - 0.5 * pitch)):max(0, int(c + 0.5 * pitch) + 1)] = False
    profile = ink[:, near].sum(axis=1)
    rows = np.flatnonzero(profile >= 0.35 * float(profile.max(initial=0)))
    if rows.size < 4 or profile.max(initial=0) < 2:
        return None
    return int(rows[-1]), int(rows[0])


# A unit's superscript read as a plain digit ('1,73m2', '/mm3' for '1,73m²', '/mm³') and its micro
# sign read as a 'u' ('ug/L', 'umol/L' for 'µg/L', 'µmol/L'): the reading is checked against the
# ink. A superscript's ink ends SUPERSCRIPT_RISE × the letters' height above the baseline of the
# letters around it; the micro sign's tail reaches MICRO_TAIL × that height below it, where a
# 'u' stops. Blind health PNGs: 'ml/min/1,73m2', 'milhões/mm3', 'ug/l', 'umol/L' read so.
UNIT_GLYPHS = True
SUPERSCRIPT_RISE = 0.25
MICRO_TAIL = 0.2
_SUPERSCRIPT_AT = re.compile(r"(?:(?<=[\d/ .,cdkm]m)|(?<=^m))[23](?![^\W_])")  # m², cm², mm³, /m²
_MICRO_AT = re.compile(r"(?<![^\W\d_])u(?=(?:mol|g|l|L|kat|IU|U|m)(?:/|$))")
_RAISED = {"2": "²", "3": "³"}


def unit_glyphs(chars: Sequence[str], centers: Sequence[float], gray: Any, box: Box,
                quad: Sequence[Sequence[float]] | None = None) -> list[str]:
    """``chars`` with a unit's superscript two or three and its micro sign put back where the
    ink shows them (see UNIT_GLYPHS)."""
    out = list(chars)
    text = "".join(out)
    if not UNIT_GLYPHS or gray is None or len(out) < 3 or len(text) != len(out):
        return out
    spots = [(m.start(), True) for m in _SUPERSCRIPT_AT.finditer(text)]
    spots += [(m.start(), False) for m in _MICRO_AT.finditer(text)]
    if not spots:
        return out
    page = box_ink(gray, box, quad)
    steps = [b - a for a, b in zip(centers, centers[1:], strict=False) if b > a]
    if page is None or not steps:
        return out
    pitch = statistics.median(steps)
    for i, raised in spots:
        c = centers[i] - page.x0
        line = _local_line(page.ink, c, pitch)
        window = page.ink[:, max(0, int(c - 0.3 * pitch)):max(0, int(c + 0.3 * pitch) + 1)]
        found = np.flatnonzero(window.any(axis=1))
        if line is None or not found.size:
            continue
        baseline, top = line
        height = baseline - top + 1
        if raised and found[-1] < baseline - SUPERSCRIPT_RISE * height:
            out[i] = _RAISED[out[i]]
        elif not raised and _tail(window, baseline) > MICRO_TAIL * height:
            out[i] = "µ"
    return out


def _tail(window: Any, baseline: int) -> int:
    """How many rows below ``baseline`` the ink of ``window`` reaches without a break (a
    speck below a letter is no tail)."""
    rows = window.any(axis=1)
    depth = 0
    while baseline + depth + 1 < rows.size and rows[baseline + depth + 1]:
        depth += 1
    return depth


# The recogniser's character set has no '£', '€' or '₹': printed beside an amount ('£127.35',
# '1,30 €', '₹903.08') the sign is dropped, yet it lies inside the text box as a glyph no
# character stands for. Such a glyph, about one character wide and as tall as the amount's
# digits, is told by its shape (currency_shape): '£' stands on a full-width foot and rises to a
# narrow hook; '€' is an open C, alike at top and bottom, with its bars on the left; '₹' has
# its bars at the top and a thin leg below. Blind finance documents rendered as noisy PNGs:
# 32 '£', 44 '€' and 14 '₹' glyphs beside amounts, none mistaken for another.
UNREAD_CURRENCY = True
_AMOUNT_RUN = re.compile(r"-?\d[\d.,' ]*[.,]\d\d(?!\d)")


def unread_currency(chars: Sequence[str], centers: Sequence[float], gray: Any, box: Box,
                    quad: Sequence[Sequence[float]] | None = None) -> tuple[list[str], list[float]]:
    """``chars`` with a currency sign put back before or after an amount where the box shows
    an unread glyph of its shape there (see UNREAD_CURRENCY)."""
    chars, centers = list(chars), list(centers)
    text = "".join(chars)
    amounts = list(_AMOUNT_RUN.finditer(text))
    if not amounts or gray is None or len(chars) != len(centers):
        return chars, centers
    page = box_ink(gray, box, quad)
    if page is None:
        return chars, centers
    x0, x1, ink = page.x0, page.x1, page.ink
    steps = [b - a for a, b in zip(centers, centers[1:], strict=False) if b > a]
    if not steps:
        return chars, centers
    pitch = statistics.median(steps)
    cols = ink.any(axis=0)
    runs = []  # runs of inked columns (crop x)
    x = 0
    while x < cols.size:
        if cols[x]:
            end = x
            while end < cols.size and cols[end]:
                end += 1
            runs.append((x, end))
            x = end
        else:
            x += 1
    inserts: list[tuple[int, str, float]] = []  # (index in chars, sign, centre)
    for m in amounts:
        s, e = m.start(), m.end()
        if chars[s] == "-":
            s += 1
        digits = ink[:, max(0, int(centers[s] - x0 - pitch / 2)):int(centers[e - 1] - x0 + pitch / 2) + 1]
        profile = digits.sum(axis=1)  # the digits' rows: not a comma's tail below them
        rows = np.flatnonzero(profile >= max(2.0, 0.2 * float(profile.max(initial=0))))
        if rows.size < 4:
            continue
        top, bottom = int(rows[0]), int(rows[-1]) + 1
        left_edge = centers[s - 1] + pitch / 4 if s > 0 else -1.0
        sides = ((s, left_edge, centers[s] - pitch / 4),
                 (e, centers[e - 1] + pitch / 4, centers[e] - pitch / 4 if e < len(chars) else float(x1) + 1))
        for at, start, end in sides:
            found = [r for r in runs if start - x0 <= r[0] and r[1] <= end - x0
                     and 0.4 * pitch <= r[1] - r[0] <= 1.3 * pitch]
            if not found:
                continue
            run = max(found, key=lambda r: r[0]) if at == s else min(found, key=lambda r: r[0])
            glyph = ink[top:bottom, run[0]:run[1]]
            sign = currency_shape(glyph)
            if sign:
                inserts.append((at, sign, x0 + (run[0] + run[1]) / 2))
                break
    for at, sign, center in sorted(inserts, reverse=True):
        chars.insert(at, sign)
        centers.insert(at, center)
    return chars, centers


def currency_shape(glyph: Any) -> str | None:
    """'£', '€' or '₹' for the ink of one glyph (rows: the height of the digits beside it), or
    None when it has none of their shapes."""
    rows = np.flatnonzero(glyph.any(axis=1))
    if rows.size < 0.7 * glyph.shape[0] or glyph.shape[0] < 6:
        return None
    glyph = glyph[rows[0]:rows[-1] + 1]
    h, w = glyph.shape
    if w < 0.45 * h:
        return None  # a bracket, a stroke: the signs are about as wide as a digit
    band, quarter = max(1, round(0.15 * h)), max(1, w // 4)
    top, foot = glyph[:band], glyph[-band:]
    fill = glyph.mean(axis=1)
    widest_top, widest_foot = float(fill[:band].max()), float(fill[-band:].max())
    middle = glyph[int(0.3 * h):int(0.7 * h) + 1]
    bars = int((middle.mean(axis=1) >= 0.5).sum())  # rows of a crossbar
    open_right = float(middle[:, w - max(1, w // 3):].mean())
    foot_x = float(np.nonzero(foot)[1].mean()) / w if foot.any() else 0.0
    strokes = max(int((np.diff(row.astype(np.int8)) == 1).sum() + row[0]) for row in middle)
    if (widest_foot >= 0.8 and foot[:, :quarter].any() and not top[:, :quarter].any()
            and (fill[int(0.35 * h):int(0.8 * h)] >= 0.55).any() and strokes == 1):
        return "£"  # a foot from edge to edge, one stem with a crossbar, a hook that leaves the left free
    if (widest_top >= 0.8 and top[:, :quarter].any() and widest_foot <= 0.4 and foot_x >= 0.55
            and (fill[band:h // 2] >= 0.7).any()):
        return "₹"  # two bars at the top, a thin leg down to the right
    if (open_right <= 0.12 and bars and not top[:, :quarter].any() and not foot[:, :quarter].any()
            and middle[:, :quarter].any() and min(widest_top, widest_foot) >= 0.3):
        return "€"  # a C open to the right, its bars reaching further left than its arcs
    return None


# A date whose separators the recogniser spaced ('10- 10- 2024', '03 .05.2024', '2024- 07-31'):
# the same separator twice and a year of four digits make it a date, which no space splits.
_SPACED_DATE = re.compile(r"(?<![\d.,/-])(\d{1,2}) ?([-./]) ?(\d{1,2}) ?\2 ?((?:19|20)\d\d)(?![\d.,]\d)")
_SPACED_ISO_DATE = re.compile(r"(?<![\d.,/-])((?:19|20)\d\d) ?- ?(\d\d) ?- ?(\d\d)(?![\d.,]?\d)")


# A day glued to the month name after it, a year of two digits or nothing after them ('01Mar 24',
# '09Mar'): the space the print had ('01MAR24', all glued, is printed so and stays).
_DAY_GLUED_MONTH = re.compile(rf"(?<![\w.,/-])([0-3]?\d)({_MONTHS})(?=\.?\s+\d\d(?!\d)|\.?$|\.?\s+[A-Za-z])",
                              re.IGNORECASE)


def joined_dates(text: str) -> str:
    """'15- 10- 2024' -> '15-10-2024', '2024 -07-31' -> '2024-07-31' (see _SPACED_DATE); '01Mar 24'
    -> '01 Mar 24' (_DAY_GLUED_MONTH)."""
    text = _DAY_GLUED_MONTH.sub(r"\1 \2", text)
    if " " not in text:
        return text
    def day_month(a: str, b: str) -> bool:  # a day and a month, in either order
        x, y = int(a), int(b)
        return 1 <= x <= 31 and 1 <= y <= 31 and min(x, y) <= 12

    def keep(m: re.Match[str], sep: str) -> bool:  # unspaced, or spaced on both sides: as printed
        return " " not in m.group(0) or f" {sep} " in m.group(0)

    text = _SPACED_DATE.sub(lambda m: m.group(0) if keep(m, m.group(2)) or not day_month(m.group(1), m.group(3))
                            else f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(2)}{m.group(4)}", text)
    return _SPACED_ISO_DATE.sub(lambda m: m.group(0) if keep(m, "-") or not day_month(m.group(2), m.group(3))
                                else f"{m.group(1)}-{m.group(2)}-{m.group(3)}", text)


# A dash inside a code or a number read with a space on one side only ('CSS -08', 'SCH- 1681',
# 'CN- 2024-0057', 'LIQUI -GELS'): the narrow dash leaves blank ink beside it. Printed, a
# dash has a space on both sides or on neither: a space before it is dropped where a code in
# capitals or digits stands before it and no amount follows (a minus sign: 'TOTAL -12.50'), a
# space after it where digits follow ('Verkaufs- und', a word left hanging, stays).
_SPACE_BEFORE_DASH = re.compile(r"(?<![^\s(/-])([A-Z0-9]{2,}) -(?=[A-Z0-9])(?!\d{1,3}(?:[.,]\d{3})*[.,]\d\d(?!\d))")
# (not before a date: 'REG #19- 10/03/2018' is a register number and the date)
_SPACE_AFTER_DASH = re.compile(r"(?<=[A-Za-z0-9])- (?=\d)(?!\d{1,2}([/.-])\d{1,2}\1\d{2,4}\b)")


def code_dashes(text: str) -> str:
    """'CSS -08' -> 'CSS-08', 'SCH- 1681' -> 'SCH-1681' (see _SPACE_BEFORE_DASH)."""
    if "-" not in text:
        return text
    return _SPACE_AFTER_DASH.sub("-", _SPACE_BEFORE_DASH.sub(r"\1-", text))


# The full stops of abbreviations as a scan reads them: the last one of an initialism dropped at
# the end of a line or read as a comma ('CITYPARK NEDERLAND B.V', 'Techniek B.V, salaris'), one
# inside it read as a colon ('S:R.L.'), a space read before a full stop or comma after a word
# ('SOC . COOP.', 'CONSULTING , INC .'). An initialism printed with a full stop after each of
# its letters but the last has one there too.
_INITIALISM_END = re.compile(r"(?<![\w.])((?:[A-Za-z][.:]){1,3}[A-Za-z])(?:,(?= [a-z])|(?![\w.,:]))")
_SPACE_BEFORE_STOP = re.compile(r"(?<=[A-Za-z]{2}) ([.,])(?= |$)")


def abbreviation_marks(text: str) -> str:
    """'B.V' -> 'B.V.', 'S:R.L' -> 'S.R.L.', 'SOC . COOP.' -> 'SOC. COOP.' (see _INITIALISM_END)."""
    if "." not in text and ":" not in text and "," not in text:
        return text

    def initialism(m: re.Match[str]) -> str:
        letters = m.group(1)
        if "." not in letters:
            return m.group(0)  # 'A:B': a label and its value, not an initialism
        return letters.replace(":", ".") + "."

    return _INITIALISM_END.sub(initialism, _SPACE_BEFORE_STOP.sub(r"\1", text))


# A token's pieces between the marks that join words in statements and exports
# ('Debit,0ctopus', 'Jewel-0sco', 'PETR0-CANADA') and without the punctuation that ends it
# ('CHICAG0,'); a run of capitals with zeros for its O's ('PLYW00D', 'MAPLEW00D': three
# capitals or more before them); an O read for the zero that leads a run of digits ('O092').
_PIECE_MARKS = re.compile(r"([,;/-])")
_TOKEN_EDGES = re.compile(r"^([(\"']*)(.*?)([.,:;!?)\"']*)$")
_ZEROS_IN_CAPITALS = re.compile(r"[A-Z]{3,}0{1,2}[A-Z]+")
_O_BEFORE_DIGITS = re.compile(r"O(\d{3,})")


def confusions_in_pieces(text: str) -> str:
    """fix_confusions for the pieces of a token that punctuation joins or ends, which it does
    not reach on its own ('Debit,0ctopus' -> 'Debit,Octopus', 'CHICAG0,' -> 'CHICAGO,',
    'PETR0-CANADA' -> 'PETRO-CANADA'), and zeros among capitals or an O among digits
    ('PLYW00D' -> 'PLYWOOD', 'O092' -> '0092'). Codes keep their digits as fix_confusions
    leaves them ('U13/BG', 'COVID-19', 'A4-80')."""
    out = []
    for token in text.split(" "):
        edges = _TOKEN_EDGES.match(token)
        assert edges is not None  # the pattern matches any string
        lead, core, tail = edges.groups()
        pieces = _PIECE_MARKS.split(core)
        fixed = []
        for piece in pieces:
            if piece and not _PIECE_MARKS.fullmatch(piece):
                if len(pieces) > 1 or tail or lead:
                    piece = fix_confusions(piece)
                if _ZEROS_IN_CAPITALS.fullmatch(piece):
                    piece = piece.replace("0", "O")
                elif _O_BEFORE_DIGITS.fullmatch(piece):
                    piece = "0" + piece[1:]
            fixed.append(piece)
        out.append(lead + "".join(fixed) + tail)
    return " ".join(out)


def _dist(p: Sequence[float], q: Sequence[float]) -> float:
    return float(((float(p[0]) - float(q[0])) ** 2 + (float(p[1]) - float(q[1])) ** 2) ** 0.5)


@dataclass(frozen=True)
class BoxInk:
    """A text box's part of the page (grey levels, ``box`` clipped to the page: x0, y0, x1, y1),
    the pixels inside its quadrilateral (None: all), the grey levels those are judged by
    (``sample``), the paper and ink levels (95th and 5th percentile) and the ink mask."""
    x0: int
    y0: int
    x1: int
    y1: int
    crop: Any
    inside: Any
    sample: Any
    lo: float
    hi: float

    @property
    def ink(self) -> Any:
        ink = self.crop < (self.lo + self.hi) / 2
        return ink & self.inside if self.inside is not None else ink


def box_ink(gray: Any, box: Box, quad: Sequence[Sequence[float]] | None = None) -> BoxInk | None:
    """The ink of one text box (see BoxInk), or None when the box is under 4 pixels a side on
    the page or shows less than MIN_CONTRAST between paper and ink."""
    height, width = gray.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(width, int(round(box[2]))), min(height, int(round(box[3])))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    crop = gray[y0:y1, x0:x1]
    inside = _inside_quad(quad, x0, y0, crop.shape) if quad is not None else None
    sample = crop[inside] if inside is not None and inside.sum() >= 16 else crop
    lo, hi = float(np.percentile(sample, 5)), float(np.percentile(sample, 95))
    if hi - lo < MIN_CONTRAST:
        return None
    return BoxInk(x0, y0, x1, y1, crop, inside, sample, lo, hi)


def word_gaps(gray: Any, box: Box, line_height: float | None = None,
              quad: Sequence[Sequence[float]] | None = None) -> list[float] | None:
    """x positions (image pixels) of the word spaces inside ``box``; None if unreadable.

    ``line_height`` is the height of the text box itself: on a tilted line the upright
    ``box`` is much taller than the letters. ``quad`` is the text box itself: ink outside it
    (the ends of the rows above and below, on a tilted line) does not fill the gaps.
    """
    page = box_ink(gray, box, quad)
    if page is None:
        return None
    x0, ink = page.x0, page.ink
    rows = np.flatnonzero(ink.any(axis=1))
    counts = ink.sum(axis=0)
    # (only in a box that shows specks, as drop_specks: on a clean receipt a pixel or two of ink
    # is print, the tip of a small letter or a faint full stop)
    cols = _without_specks(counts) if _speckle(page.crop, page.lo, page.hi) >= SPECK_NOISE else counts > 0
    inked = np.flatnonzero(cols)
    if rows.size == 0 or inked.size < 2:
        return None
    ink_height = float(rows[-1] - rows[0] + 1)
    if line_height:
        ink_height = min(ink_height, line_height)
    starts, ends = _blank_runs(cols)
    if starts.size == 0:
        return []
    widths = ends - starts
    # When blurred letters touch, the few blank runs left are the spaces themselves: the
    # median must not push the threshold above what any word space is. (It is taken with the
    # specks in: the letter spacing, not the spaces a speck no longer splits.)
    raw_starts, raw_ends = _blank_runs(counts > 0)
    by_median = min(WORD_GAP_MEDIAN * float(np.median(raw_ends - raw_starts)), WORD_GAP_CAP * ink_height)
    threshold = max(WORD_GAP_HEIGHT * ink_height, by_median)
    return [float(x0 + (s + e) / 2) for s, e, w in zip(starts, ends, widths, strict=True) if w >= threshold]


def _blank_runs(cols: Any) -> tuple[Any, Any]:
    """Start and end columns of the blank runs between the first and the last inked column."""
    inked = np.flatnonzero(cols)
    span = cols[inked[0]:inked[-1] + 1].astype(np.int8)
    edges = np.diff(np.concatenate(([1], span, [1])))
    return np.flatnonzero(edges == -1) + inked[0], np.flatnonzero(edges == 1) + inked[0]


def _without_specks(counts: Any) -> Any:
    """Which columns of a text box hold ink (``counts``: ink pixels per column), a speck aside:
    a run of at most GAP_SPECK_WIDTH inked columns with at most GAP_SPECK_PIXELS pixels in all,
    blank on both sides. On a noisy scan one grey pixel in a word space splits it in two gaps
    too narrow to be a space ('100mg', '550mg' for '100 mg', '550 mg')."""
    cols = counts > 0
    if not GAP_SPECKS:
        return cols
    padded = np.concatenate(([0], cols.astype(np.int8), [0]))
    edges = np.diff(padded)
    for start, end in zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1), strict=True):
        if 0 < start and end < cols.size and end - start <= GAP_SPECK_WIDTH \
                and counts[start:end].sum() <= GAP_SPECK_PIXELS:
            cols[start:end] = False
    return cols


def drop_specks(chars: Sequence[str], centers: Sequence[float], gray: Any, box: Box,
                line_height: float, quad: Sequence[Sequence[float]] | None = None,
                ) -> tuple[list[str], list[float]]:
    """``chars`` without the '.' and ',' that no printed dot stands for.

    On a noisy scan the recogniser reads specks, and even bare paper at the end of a box, as
    full stops and commas glued to words ('Test.', 'Wolf.', '0.67. mmol/L', 'mmo.l/L'). A
    printed dot is a small blob of ink as dark as the letters near where the recogniser put the
    character; a speck is fainter or a pixel or two. Only boxes that show specks are judged
    (SPECK_NOISE). A '.' or ',' between two letters or digits ('31.00', 'KLANG,SELANGOR'), after
    a single letter ('S.A.') or a short abbreviation ('Dr.') always stays.
    """
    chars, centers = list(chars), list(centers)
    marks = [i for i, ch in enumerate(chars) if ch in SPECK_MARKS and not _kept_mark(chars, i)]
    if not marks or len(chars) < 2:
        return chars, centers
    page = box_ink(gray, box, quad)
    if page is None or _speckle(page.crop, page.lo, page.hi) < SPECK_NOISE:
        return chars, centers
    height, width = gray.shape[:2]
    x0, y0, x1, y1, sample, lo, hi = page.x0, page.y0, page.x1, page.y1, page.sample, page.lo, page.hi
    steps = [b - a for a, b in zip(centers, centers[1:], strict=False) if b > a]
    pitch = statistics.median(steps) if steps else line_height / 2
    # A full stop often lies on the edge of the text box or just outside it, and faint print
    # leaves it grey: look a pitch beyond the box and count grey as ink.
    pad = int(pitch) + 1
    x0, x1 = max(0, x0 - pad), min(width, x1 + pad)
    y0, y1 = max(0, y0 - 2), min(height, y1 + 2)
    crop = gray[y0:y1, x0:x1]
    ink = crop <= hi - SPECK_DARK * (hi - lo)
    # A printed dot is as dark as the cores of the letters; a speck, blurred, is a shade of grey.
    core = float(np.percentile(sample, SPECK_CORE_PERCENTILE))
    strong = crop <= core + SPECK_STRONG * (hi - core)
    drop = set()
    for i in marks:
        if _between_words(chars, i):
            # Between two letters (or a number and a word: '40.mg'), a mark glued into a word
            # gap is only kept when dark ink lies where it was read (a comma touching its
            # neighbours, 'KLANG,SELANGOR', is no separate blob).
            if not (_dot_printed(ink, centers[i] - x0, pitch, line_height, strong)
                    or _ink_under(strong, centers[i] - x0, pitch)):
                drop.add(i)
        elif not _dot_printed(ink, centers[i] - x0, pitch, line_height, strong):
            drop.add(i)
    if not drop:
        return chars, centers
    if len(drop) == len(chars):
        return chars, centers
    out_chars: list[str] = []
    out_centers: list[float] = []
    for i, (ch, x) in enumerate(zip(chars, centers, strict=True)):
        if i not in drop:
            out_chars.append(ch)
            out_centers.append(x)
        elif (out_chars and out_chars[-1] != " " and i + 1 < len(chars)
              and centers[i + 1] - out_centers[-1] > SPACE_GAP * pitch):
            # A speck in the gap between two words hides the gap from word_gaps: with the
            # mark gone, the two characters around it are still a space apart ('with.food').
            out_chars.append(" ")
            out_centers.append(x)
    return out_chars, out_centers


def _speckle(crop: Any, lo: float, hi: float) -> float:
    """Isolated specks per 1000 pixels of a text box: grey pixels (a quarter of the way from
    paper to ink) with at most one such neighbour."""
    ink = crop < hi - 0.25 * (hi - lo)
    padded = np.pad(ink, 1).astype(np.int8)
    h, w = ink.shape
    neighbours = sum(padded[1 + dy:1 + dy + h, 1 + dx:1 + dx + w]
                     for dy in (-1, 0, 1) for dx in (-1, 0, 1))
    return 1000.0 * float((ink & (neighbours <= 2)).sum()) / ink.size


def _kept_mark(chars: Sequence[str], i: int) -> bool:
    """A '.' or ',' kept whatever the ink: inside a number, after a lone letter ('S.A.') or
    after a short capitalised abbreviation ('Dr.', 'Ch.')."""
    before = chars[i - 1] if i > 0 else ""
    after = chars[i + 1] if i + 1 < len(chars) else ""
    if before.isdigit() and after.isdigit():
        return True  # '31.00', '1,5'
    if before.isalnum() and after.isalnum() and not SPECKS_BETWEEN_WORDS:
        return True
    if chars[i] == "." and not after.isalnum():  # 'Dr.', 'Ch.', 'St.': an abbreviation
        start = i
        while start > 0 and chars[start - 1].isalpha():
            start -= 1
        word = "".join(chars[start:i])
        if 2 <= len(word) <= 3 and word[0].isupper() and word[1:].islower():
            return True
    return before.isalpha() and (i < 2 or not chars[i - 2].isalnum())


def _between_words(chars: Sequence[str], i: int) -> bool:
    """A mark with a letter or digit on either side, not both digits ('LABORATORIO.ANALISI',
    'Laura.Conti', '40.mg'): the recogniser reads a speck in a word gap into the line."""
    before = chars[i - 1] if i > 0 else ""
    after = chars[i + 1] if i + 1 < len(chars) else ""
    return before.isalnum() and after.isalnum() and not (before.isdigit() and after.isdigit())


def _ink_under(strong: Any, center: float, pitch: float) -> bool:
    """Letter-dark ink (at least SPECK_STRONG_PIXELS pixels) in the lower half of the line
    within SPECK_CORE_REACH × ``pitch`` of ``center``: a mark that touches its neighbours."""
    left = max(0, int(center - SPECK_CORE_REACH * pitch))
    right = min(strong.shape[1], int(center + SPECK_CORE_REACH * pitch) + 1)
    lower = strong[strong.shape[0] // 2:, left:right]
    return int(lower.sum()) >= SPECK_STRONG_PIXELS


def _dot_printed(ink: Any, center: float, pitch: float, line_height: float,
                 strong: Any = None) -> bool:
    """Whether a separate small blob of dark ink is centred within SPECK_REACH × ``pitch`` of
    ``center`` (x in the crop): a run of inked columns, and in it a run of inked rows, each
    small (a letter beside the mark is no dot; the dot of an 'i' is, so the mark stays). With
    ``strong`` (the letter-dark pixels), the blob must hold SPECK_STRONG_PIXELS of them."""
    left = max(0, int(center - SPECK_REACH * pitch))
    right = min(ink.shape[1], int(center + SPECK_REACH * pitch) + 1)
    if right - left < 1:
        return True
    cols = ink.any(axis=0)
    # Whole runs of inked columns that reach into the window (a run cut by the window's
    # edge would look like a small blob).
    start = left
    while start > 0 and cols[start - 1] and cols[start]:
        start -= 1
    end = right
    while end < cols.size and cols[end - 1] and cols[end]:
        end += 1
    biggest = SPECK_SIZE * line_height
    smallest = (SPECK_MIN * line_height) ** 2
    x = start
    while x < end:
        if not cols[x]:
            x += 1
            continue
        run_end = x
        while run_end < end and cols[run_end]:
            run_end += 1
        if run_end - x <= biggest:
            # Within a run of columns, each run of inked rows on its own (a speck above a
            # comma is not part of it).
            block = ink[:, x:run_end]
            rows = block.any(axis=1)
            y = 0
            while y < rows.size:
                if not rows[y]:
                    y += 1
                    continue
                y_end = y
                while y_end < rows.size and rows[y_end]:
                    y_end += 1
                blob = block[y:y_end]
                dark = (strong is None
                        or int(strong[y:y_end, x:run_end][blob].sum()) >= SPECK_STRONG_PIXELS)
                if (y_end - y <= biggest and blob.sum() >= smallest and dark
                        and abs((x + run_end - 1) / 2 - center) <= SPECK_REACH * pitch):
                    return True
                y = y_end
        x = run_end
    return False


def _inside_quad(quad: Sequence[Sequence[float]], x0: int, y0: int, shape: Any) -> Any:
    """Pixels of a crop (top-left x0, y0) inside a convex quadrilateral, as a boolean mask."""
    ys, xs = np.mgrid[0:shape[0], 0:shape[1]]
    xs = xs + (x0 + 0.5)
    ys = ys + (y0 + 0.5)
    points = [(float(p[0]), float(p[1])) for p in quad]
    signs = []
    for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1], strict=True):
        signs.append((bx - ax) * (ys - ay) - (by - ay) * (xs - ax))
    return np.logical_and.reduce([v >= 0 for v in signs]) | np.logical_and.reduce(
        [v <= 0 for v in signs])


def insert_spaces(chars: Sequence[str], centers: Sequence[float], gaps: Sequence[float]) -> str:
    """A space between two characters whose centres have a word gap between them.

    Narrow letters leave blank ink around them in a monospaced font ('Ma rie', 'Cher as',
    'Pl ease'): in a line whose characters are evenly spaced, a gap between two letters only
    one cell apart (less than MONO_SPACE pitches) is no space when the letters around it make
    a listed word together and did not make two words apart ('THANK YOU', 'GST ID' stay)."""
    # (The recogniser's own spaces reach here as gaps at their place: see to_segment.)
    spots = sorted({i for i in range(1, len(chars))
                    if not _inside_number(chars, i) and any(centers[i - 1] < g < centers[i] for g in gaps)})
    if DASH_SPACES and spots:
        spots = _even_dash_spaces(chars, centers, spots)
    pitch = monospaced_pitch(chars, centers) if MONO_SPACE and spots else None
    out = [chars[0]] if chars else []
    for i in range(1, len(chars)):
        if i in spots and not (pitch is not None
                               and centers[i] - centers[i - 1] < MONO_SPACE * pitch
                               and _one_word(out, chars, i, spots)):
            out.append(" ")
        out.append(chars[i])
    return "".join(out)


def _even_dash_spaces(chars: Sequence[str], centers: Sequence[float], spots: list[int]) -> list[int]:
    """A dash between two numbers ('74 - 106', '35-144') has a space on both sides or on
    neither; a narrow dash leaves blank ink around it, so word_gaps may find one side only
    ('74- 106'). Then both sides follow the dash's distance to the digits: at least
    DASH_SPACE × the box's character pitch (its other steps) on average is a space each side."""
    out = set(spots)
    for i in range(1, len(chars) - 1):
        if (chars[i] in "-–" and chars[i - 1].isdigit() and chars[i + 1].isdigit()
                and (i in out) != (i + 1 in out) and _lone_numbers(chars, i)):
            steps = [centers[k + 1] - centers[k] for k in range(len(chars) - 1)
                     if k not in (i - 1, i) and chars[k] != " " and chars[k + 1] != " "
                     and k + 1 not in out and centers[k + 1] > centers[k]]
            if not steps:
                continue
            spaced = (centers[i + 1] - centers[i - 1]) / 2 >= DASH_SPACE * statistics.median(steps)
            out.discard(i)
            out.discard(i + 1)
            if spaced:
                out.update((i, i + 1))
    return sorted(out)


def _lone_numbers(chars: Sequence[str], i: int) -> bool:
    """The numbers on either side of the dash at ``i`` are no part of a date, a time or a code
    ('#19- 10/03/2018', '2018-03-12'): no '/', '-' or ':' touches them."""
    left = i - 1
    while left > 0 and (chars[left - 1].isdigit() or chars[left - 1] in ".,"):
        left -= 1
    right = i + 1
    while right + 1 < len(chars) and (chars[right + 1].isdigit() or chars[right + 1] in ".,"):
        right += 1
    joined = "/-:–"
    return not ((left > 0 and chars[left - 1] in joined)
                or (right + 1 < len(chars) and chars[right + 1] in joined))


def monospaced_pitch(chars: Sequence[str], centers: Sequence[float]) -> float | None:
    """The character pitch of an evenly spaced line (MONO_REGULAR of its steps within a
    quarter of the median step, those across a word space aside), None when it is not or too
    short to tell."""
    steps = [centers[i + 1] - centers[i] for i in range(len(chars) - 1)
             if chars[i] != " " and chars[i + 1] != " "]
    if len(steps) < MONO_STEPS:
        return None
    pitch = statistics.median(steps)
    regular = sum(abs(step - pitch) <= 0.25 * pitch for step in steps)
    spaces = sum(step >= 1.75 * pitch for step in steps)  # a word space takes a whole cell
    return pitch if pitch > 0 and regular >= MONO_REGULAR * (len(steps) - spaces) else None


def _one_word(out: Sequence[str], chars: Sequence[str], i: int, spots: Sequence[int]) -> bool:
    """Whether the letters before ``i`` (as written so far) and after it (up to the next gap)
    are one listed word: joined they are a word, and apart they were not two words of three
    letters or more."""
    left: list[str] = []
    for ch in reversed(out):
        if not ch.isalpha():
            break
        left.append(ch)
    right = []
    for k in range(i, len(chars)):
        if not chars[k].isalpha() or (k > i and k in spots):
            break
        right.append(chars[k])
    head, tail = "".join(reversed(left)), "".join(right)
    if not head or not tail or any(len(w) == 1 and w.isupper() for w in (head, tail)):
        return False  # a capital on its own is often a word or an initial ('FOR I.T', 'Part I')
    lex = Lexicon.shared()
    if not lex.known(head + tail) or lex.zipf(head + tail) < MONO_JOIN_ZIPF:
        return False
    two_words = (len(head) >= 3 and len(tail) >= 3 and lex.known(head) and lex.known(tail))
    return not two_words


def _inside_number(chars: Sequence[str], i: int) -> bool:
    """Between a digit and a decimal point or comma: '31.00' has blank ink around its '.'."""
    if not NO_SPACE_IN_NUMBERS:
        return False
    before, here = chars[i - 1], chars[i]
    after = chars[i + 1] if i + 1 < len(chars) else ""
    if here in ".," and (before.isdigit() or after.isdigit()):
        return True
    return before in ".," and here.isdigit() and i >= 2 and chars[i - 2].isdigit()


def restore_spaces(chars: Sequence[str], centers: Sequence[float], gap: float = SPACE_GAP) -> str:
    """Spaces from character pitch alone: a gap clearly wider than the line's usual pitch."""
    if len(chars) < 3:
        return "".join(chars)
    pitches = [centers[i + 1] - centers[i] for i in range(len(chars) - 1)
               if chars[i] != " " and chars[i + 1] != " "]
    if len(pitches) < 2:
        return "".join(chars)
    pitch = statistics.median(pitches)
    out = [chars[0]]
    for i in range(1, len(chars)):
        if chars[i] != " " and chars[i - 1] != " " and centers[i] - centers[i - 1] > gap * pitch:
            out.append(" ")
        out.append(chars[i])
    return "".join(out)


def unrotate_box(box: Box | None, degrees: int, width: int, height: int) -> Box | None:
    """A box on the image turned ``degrees`` counter-clockwise (size width×height), mapped
    back onto the image as it was given."""
    if box is None:
        return None
    x0, y0, x1, y1 = box
    if degrees == 90:  # original (x, y) -> turned (y, W0 - x); W0 = height of the turned image
        return (height - y1, x0, height - y0, x1)
    if degrees == 180:
        return (width - x1, height - y1, width - x0, height - y0)
    if degrees == 270:  # original (x, y) -> turned (H0 - y, x); H0 = width of the turned image
        return (y0, width - x1, y1, width - x0)
    return box


# -- the recogniser's runners-up (CTC_ALTERNATIVES) ---------------------------------------------
Alternatives = tuple[tuple[tuple[str, float], ...], ...]


class _RunnersUp:
    """Stands in for rapidocr's CTC decoder: decodes as it does and keeps, for every character
    it emits, the ALT_TOP most likely readings of that step with their probabilities ("" for
    the blank, i.e. no character), in ``seen`` under (text, mean confidence)."""

    def __init__(self, decode: Any) -> None:
        self.decode = decode
        self.seen: dict[tuple[str, float], Alternatives] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.decode, name)

    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> Any:
        result = self.decode(preds, return_word_box, **kwargs)
        try:
            character = self.decode.character
            best = preds.argmax(axis=2)
            for b, res in enumerate(result):
                row = best[b]
                keep = np.ones(len(row), dtype=bool)
                keep[1:] = row[1:] != row[:-1]
                keep &= row != 0
                cols = np.nonzero(keep)[0]
                if len(cols) != len(res[0]):
                    continue
                self.seen[(str(res[0]), float(res[1]))] = _steps(preds[b], cols, character)
        except Exception:  # another rapidocr layout: no runners-up, the reading stands
            log.debug("OCR: runners-up not kept", exc_info=True)
        return result


def _steps(probs: Any, cols: Any, character: Sequence[str]) -> Alternatives:
    """For each emitted character (on step ``cols[i]``) the ALT_TOP most likely readings of
    that step, the first choice first. (Taking each class's best probability over the steps
    around a character instead brought in its neighbours, not the letters it was mistaken
    for.)"""
    rows = probs[cols]
    if not len(rows):
        return ()
    top = np.argpartition(-rows, ALT_TOP - 1, axis=1)[:, :ALT_TOP]  # unordered; then sorted
    out = []
    for i, ks in enumerate(top):
        ks = sorted(ks, key=lambda k: -rows[i, k])
        out.append(tuple((character[k] if k else "", float(rows[i, k])) for k in ks))
    return tuple(out)


def _keep_runners_up(engine: Any) -> _RunnersUp | None:
    if not CTC_ALTERNATIVES:
        return None
    try:
        rec = engine.text_rec
        wrapper = _RunnersUp(rec.postprocess_op)
        rec.postprocess_op = wrapper
        return wrapper
    except AttributeError:
        log.warning("OCR: could not keep the recogniser's runners-up", exc_info=True)
        return None


_TOKEN = re.compile(r"[^\W_]+")
_UNREAD_SIGNS = "£€₹"


def _align(text: str, raw: str) -> list[int] | None:
    """For each character of ``text`` (``raw`` with spaces put in or taken out and specks
    dropped) its index in ``raw``, -1 for an inserted space; None if they do not align."""
    out: list[int] = []
    j = 0
    for ch in text:
        while j < len(raw) and raw[j] != ch and (raw[j] == " " or raw[j] in SPECK_MARKS):
            j += 1
        if j < len(raw) and raw[j] == ch:
            out.append(j)
            j += 1
        elif ch == " " or ch in _UNREAD_SIGNS:  # a space put in, a sign put back (unread_currency)
            out.append(-1)
        else:
            return None
    return out


def runner_up_words(text: str, raw: str, alts: Alternatives, languages: int = 0,
                    lexicon: Lexicon | None = None) -> str:
    """``text`` with each token that is no word replaced by the word the recogniser's
    runners-up spell (see CTC_ALTERNATIVES): 'SPEED NART' -> 'SPEED MART' when 'M' was the
    next choice for 'N'. ``raw`` is the recogniser's reading that ``alts`` belongs to;
    ``languages`` (a mask over lexicon.LANGUAGES, 0 for any) the page's languages, in one of
    which the word must be listed."""
    if len(alts) != len(raw):
        return text
    where = _align(text, raw)
    if where is None:
        return text
    lex = lexicon or Lexicon.shared()
    out = text
    for match in reversed(list(_TOKEN.finditer(text))):
        token = match.group()
        letters = sum(ch.isalpha() for ch in token)
        if letters < ALT_MIN_LETTERS or lex.known(token):
            continue
        steps = [alts[where[i]] if where[i] >= 0 else None for i in range(match.start(), match.end())]
        better = _best_reading(token, steps, lex, languages)
        if better is not None:
            out = out[:match.start()] + better + out[match.end():]
    return out


def lone_symbol(text: str, score: float, alts: Alternatives) -> str:
    """A box that holds one character the recogniser doubted (below LONE_CONFIDENCE), read as
    a digit that a symbol looks like ('8' for '%', a table's unit cell), is that symbol when
    the symbol is among its runners-up (at least ALT_MIN likely)."""
    if len(text) != 1 or len(alts) != 1 or score >= LONE_CONFIDENCE or text not in LONE_SYMBOLS:
        return text
    symbol = LONE_SYMBOLS[text]
    return symbol if any(ch == symbol and p >= ALT_MIN for ch, p in alts[0][1:]) else text


def _best_reading(token: str, steps: Sequence[Any], lex: Lexicon, languages: int = 0) -> str | None:
    """The most likely listed word within ALT_SWAPS runner-up changes of ``token``."""
    options: list[tuple[int, str, float]] = []  # (position, reading, p(reading) / p(first))
    for i, step in enumerate(steps):
        if not step:
            continue
        first = step[0][1]
        if first <= 0:
            continue
        for ch, p in step[1:]:
            ch = to_latin(ch)
            if p < ALT_MIN or (ch and not (len(ch) == 1 and ch.isalnum())) or ch.lower() == token[i].lower():
                continue
            options.append((i, ch, p / first))
    if not options:
        return None
    options.sort(key=lambda o: -o[2])
    options = options[:8]
    best, best_score = None, ALT_RATIO
    chosen: list[tuple[int, str, float]] = []

    def visit(start: int, ratio: float) -> None:
        nonlocal best, best_score
        if chosen:
            chars = list(token)
            for i, ch, _ in chosen:
                chars[i] = ch
            reading = "".join(chars)
            if (reading and sum(c.isalpha() for c in reading) >= ALT_MIN_LETTERS
                    and not any(c.isdigit() for c in reading)
                    and lex.zipf(reading) >= ALT_ZIPF and ratio >= best_score
                    and (not languages or lex.languages(reading) & languages)):
                best, best_score = reading, ratio
        if len(chosen) == ALT_SWAPS:
            return
        for k in range(start, len(options)):
            i, ch, r = options[k]
            if any(i == c[0] for c in chosen) or ratio * r < ALT_RATIO:
                continue
            chosen.append(options[k])
            visit(k + 1, ratio * r)
            chosen.pop()

    visit(0, 1.0)
    if best is None:
        return None
    letters = [c for c in token if c.isalpha()]
    # In a word of capitals a runner-up in lower case is the same letter ('NART' -> 'MART');
    # otherwise each character keeps the case the recogniser gave it ('5ales' -> 'Sales').
    return best.upper() if len(letters) > 1 and all(c.isupper() for c in letters) else best
