"""Coffer's own copies of RapidOCR's models (models/ocr/: half-precision weights): found, checked
against the manifest, loaded by the engine, and computing what the wheel's float32 models do."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
import rapidocr_onnxruntime

from desktop_app.core.resources import resources_root
from desktop_app.ingestion.ocr import OcrEngine, model_paths

WHEEL = Path(rapidocr_onnxruntime.__file__).parent / "models"
OURS = resources_root() / "models" / "ocr"


def test_every_model_is_found_and_checked() -> None:
    paths = model_paths()
    assert sorted(paths) == ["cls_model_path", "det_model_path", "rec_model_path"]
    for value in paths.values():
        assert Path(value).parent == OURS
        # half the wheel's size: the weights are float16
        wheel_copy = WHEEL / Path(value).name
        assert Path(value).stat().st_size < 0.6 * wheel_copy.stat().st_size


def test_an_altered_or_missing_model_falls_back_to_the_wheels(tmp_path: Path, caplog) -> None:
    models = tmp_path / "models"
    shutil.copytree(OURS, models / "ocr")
    shutil.copy(resources_root() / "models" / "manifest.toml", models / "manifest.toml")
    rec = models / "ocr" / "ch_PP-OCRv4_rec_infer.onnx"
    rec.write_bytes(rec.read_bytes()[:-1] + b"\0")
    (models / "ocr" / "ch_ppocr_mobile_v2.0_cls_infer.onnx").unlink()
    with caplog.at_level("WARNING"):
        paths = model_paths(models / "manifest.toml")
    assert sorted(paths) == ["det_model_path"]
    assert "does not match its sha256" in caplog.text and "is missing" in caplog.text


def test_the_engine_loads_coffers_copies() -> None:
    engine = OcrEngine(threads=1)
    assert Path(engine._engine.text_rec.session.session._model_path).parent == OURS


@pytest.mark.parametrize("name, shape", [
    ("ch_PP-OCRv4_det_infer.onnx", (1, 3, 160, 320)),
    ("ch_PP-OCRv4_rec_infer.onnx", (1, 3, 48, 320)),
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
    if "rec" in name:  # the character chosen at each step: the same nearly everywhere
        assert float(np.mean(a.argmax(-1) == b.argmax(-1))) > 0.95
