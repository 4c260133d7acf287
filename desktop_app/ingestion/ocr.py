"""Offline OCR with rapidocr-onnxruntime: orientation, spaces it drops, reading order, boxes."""
from __future__ import annotations

import logging
import os
import statistics
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from desktop_app.core.entities import Box

from .layout import PageLine, Segment, group_rows, rows_to_lines

log = logging.getLogger(__name__)

# Two characters whose centres are further apart than this many times the line's usual
# character pitch have a space between them. Measured on the 63 sroie-dev scans: 1.5 and
# 1.6 are best (CER 0.130 against 0.152 without spaces put back); 1.3 and 1.8 are worse.
SPACE_GAP = 1.5
ORIENT_SIDE = 960  # orientation is judged on a copy this big: ~0.25 s instead of a full OCR
MIN_VOTES = 3  # fewer text boxes than this: too little to judge orientation, assume upright


def default_threads() -> int:
    # Leave room for the UI and the language model: never more than two OCR threads.
    return max(1, min(2, os.cpu_count() or 1))


class OcrEngine:
    """One RapidOCR instance (its ONNX models ship inside the wheel: nothing is downloaded)."""

    _lock = threading.Lock()
    _shared: OcrEngine | None = None

    def __init__(self, threads: int | None = None) -> None:
        from rapidocr_onnxruntime import RapidOCR

        n = threads or default_threads()
        self._engine = RapidOCR(det_intra_op_num_threads=n, cls_intra_op_num_threads=n,
                                rec_intra_op_num_threads=n, det_inter_op_num_threads=1,
                                cls_inter_op_num_threads=1, rec_inter_op_num_threads=1)

    @classmethod
    def shared(cls) -> OcrEngine:
        with cls._lock:
            if cls._shared is None:
                cls._shared = OcrEngine()
            return cls._shared

    # -- the pieces -------------------------------------------------------------------------
    def raw(self, image: Any) -> list[Any]:
        """rapidocr's own result for an RGB PIL image: [quad, text, score, char boxes, chars, confs]."""
        arr = np.ascontiguousarray(np.asarray(image)[:, :, ::-1])  # rapidocr expects BGR
        result, _ = self._engine(arr, return_word_box=True)
        return list(result or [])

    def orientation(self, small: Any) -> int:
        """Degrees to turn the image counter-clockwise so that its text is upright.

        Text boxes taller than wide mean the page lies on its side; the bundled direction
        classifier (0°/180° per text line) then tells which side is up.
        """
        try:
            arr = np.ascontiguousarray(np.asarray(small)[:, :, ::-1])
            boxes, _ = self._engine.text_det(arr)
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

        degrees = self.orientation(downscale(image, ORIENT_SIDE)) if detect_orientation else 0
        upright = rotate(image, degrees)
        segments = [seg for seg in (to_segment(item) for item in self.raw(upright)) if seg]
        lines = rows_to_lines(group_rows(segments))
        if degrees:
            w, h = upright.size
            lines = [PageLine(ln.text, unrotate_box(ln.box, degrees, w, h), ln.confidence)
                     for ln in lines]
        return lines


def to_segment(item: Sequence[Any]) -> Segment | None:
    quad, text, score = item[0], str(item[1]), float(item[2])
    xs = [float(p[0]) for p in quad]
    ys = [float(p[1]) for p in quad]
    box: Box = (min(xs), min(ys), max(xs), max(ys))
    if len(item) >= 5:
        chars = [str(c) for c in item[4]]
        centers = [(float(b[0][0]) + float(b[1][0])) / 2 for b in item[3]]
        if len(chars) == len(centers) and "".join(chars) == text:
            text = restore_spaces(chars, centers)
    text = " ".join(text.split())
    return Segment(text, box, score) if text else None


def restore_spaces(chars: Sequence[str], centers: Sequence[float], gap: float = SPACE_GAP) -> str:
    """Put back the spaces between words from where the recogniser placed each character.

    The recogniser (trained mostly on Chinese) often drops spaces in Latin text, but each
    character's position along the line is known: a gap clearly wider than the line's usual
    character pitch is a space.
    """
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
