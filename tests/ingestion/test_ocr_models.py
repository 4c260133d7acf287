"""Coffer's own OCR models (models/ocr/: RapidOCR's detector and line classifier, PaddleOCR's
PP-OCRv6 small recogniser cut down to the Latin scripts, all with half-precision weights): found,
checked against the manifest, loaded by the engine, and computing what they should."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import rapidocr_onnxruntime

from desktop_app.core.resources import resources_root
from desktop_app.ingestion.ocr import OcrEngine, model_paths
from tests.ingestion.makers import scan_image

WHEEL = Path(rapidocr_onnxruntime.__file__).parent / "models"
OURS = resources_root() / "models" / "ocr"
REC = OURS / "latin_PP-OCRv6_small_rec.onnx"
KEYS = OURS / "latin_PP-OCRv6_small_dict.txt"


def test_every_model_is_found_and_checked() -> None:
    paths = model_paths()
    assert sorted(paths) == ["cls_model_path", "det_model_path", "rec_keys_path", "rec_model_path"]
    assert {Path(value).parent for value in paths.values()} == {OURS}
    for key in ("det_model_path", "cls_model_path"):
        # half the wheel's size: the weights are float16
        wheel_copy = WHEEL / Path(paths[key]).name
        assert Path(paths[key]).stat().st_size < 0.6 * wheel_copy.stat().st_size


def test_an_altered_or_missing_model_falls_back_to_the_wheels(tmp_path: Path, caplog) -> None:
    models = tmp_path / "models"
    shutil.copytree(OURS, models / "ocr")
    shutil.copy(resources_root() / "models" / "manifest.toml", models / "manifest.toml")
    det = models / "ocr" / "ch_PP-OCRv4_det_infer.onnx"
    det.write_bytes(det.read_bytes()[:-1] + b"\0")
    (models / "ocr" / "ch_ppocr_mobile_v2.0_cls_infer.onnx").unlink()
    with caplog.at_level("WARNING"):
        paths = model_paths(models / "manifest.toml")
    assert sorted(paths) == ["rec_keys_path", "rec_model_path"]
    assert "does not match its sha256" in caplog.text and "is missing" in caplog.text


def test_a_recogniser_without_its_dictionary_is_not_used(tmp_path: Path, caplog) -> None:
    """The dictionary says which character each output class is: the model alone would read
    nonsense, so both fall back to the wheel's recogniser (which carries its own)."""
    models = tmp_path / "models"
    shutil.copytree(OURS, models / "ocr")
    shutil.copy(resources_root() / "models" / "manifest.toml", models / "manifest.toml")
    keys = models / "ocr" / KEYS.name
    keys.write_text(keys.read_text(encoding="utf-8").replace("A\n", "B\n", 1), encoding="utf-8")
    with caplog.at_level("WARNING"):
        paths = model_paths(models / "manifest.toml")
    assert sorted(paths) == ["cls_model_path", "det_model_path"]
    assert KEYS.name in caplog.text


def test_the_engine_loads_coffers_copies() -> None:
    engine = OcrEngine(threads=1)
    assert Path(engine._engine.text_rec.session.session._model_path) == REC


def test_the_recogniser_knows_only_latin_script_characters() -> None:
    characters = KEYS.read_text(encoding="utf-8").split("\n")[:-1]
    assert len(characters) == len(set(characters)) == 433
    assert set("AZaz09€£µ%&/()-.,:;äöüßéèçñøåłšž–’") <= set(characters)
    assert not any("\u3000" <= ch <= "\u9fff" or "\u0400" <= ch <= "\u04ff" for ch in characters)
    session = ort.InferenceSession(str(REC), providers=["CPUExecutionProvider"])
    out = session.run(None, {"x": np.zeros((1, 3, 48, 320), dtype=np.float32)})[0]
    assert out.shape[-1] == len(characters) + 2  # the CTC blank and the space besides


def test_the_recogniser_reads_a_printed_line() -> None:
    engine = OcrEngine(threads=1)
    img = scan_image(["TOTAL RM 1,234.50", "Invoice 12.03.2024 Paid"], size=30)
    text = " ".join(str(item[1]) for item in engine.raw(img))
    # the recogniser reads the spaces between words itself
    assert "TOTAL RM 1,234.50" in text and "Invoice 12.03.2024 Paid" in text, text


@pytest.mark.parametrize("name, shape", [
    ("ch_PP-OCRv4_det_infer.onnx", (1, 3, 160, 320)),
    ("ch_ppocr_mobile_v2.0_cls_infer.onnx", (1, 3, 48, 192)),
])
def test_half_precision_weights_compute_what_the_wheels_models_do(name: str, shape: tuple) -> None:
    rng = np.random.default_rng(7)
    x = rng.uniform(-1, 1, size=shape).astype(np.float32)
    outs = []
    for folder in (WHEEL, OURS):
        session = ort.InferenceSession(str(folder / name), providers=["CPUExecutionProvider"])
        outs.append(session.run(None, {session.get_inputs()[0].name: x})[0])
    a, b = outs
    assert a.shape == b.shape and a.dtype == b.dtype == np.float32
    # weights rounded to 11 significant bits: outputs (probabilities) move by well under 1 %
    assert float(np.max(np.abs(a - b))) < 0.02
