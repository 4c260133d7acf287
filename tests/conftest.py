"""Shared test fixtures: an isolated COFFER_HOME per test and the real model assembled once."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

REPO = Path(__file__).resolve().parent.parent
DATASETS = REPO.parent / "shared" / "datasets"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Nothing a test does may touch the real user dirs."""
    home = tmp_path_factory.mktemp("coffer-home")
    monkeypatch.setenv("COFFER_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def model_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real Gemma 3 270M GGUF, assembled from the PyPI chunks and verified once per run."""
    from desktop_app.inference.catalog import resolve_model

    models = tmp_path_factory.mktemp("models")
    path, _info = resolve_model(models)
    return path


@pytest.fixture(scope="session")
def engine(model_path: Path):
    from desktop_app.inference.llama_engine import LlamaCppEngine

    eng = LlamaCppEngine(model_path)
    yield eng
    eng.close()
