"""Model resolution: the manifest, sha256 verification and readable errors."""
from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.core.errors import ModelInvalid, ModelMissing
from desktop_app.inference.catalog import load_manifest, resolve_model, verify_model


def test_manifest_lists_the_default_model() -> None:
    manifest = load_manifest()
    default = [m for m in manifest.values() if m.default]
    assert len(default) == 1
    assert len(default[0].sha256) == 64 and default[0].licence.startswith("Gemma")


def test_missing_file_names_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(ModelMissing) as err:
        resolve_model(tmp_path, tmp_path / "nothing.gguf")
    assert "nothing.gguf" in str(err.value) and "--model" in str(err.value)


def test_not_a_gguf(tmp_path: Path) -> None:
    bogus = tmp_path / "model.gguf"
    bogus.write_bytes(b"PK\x03\x04 not a model")
    with pytest.raises(ModelInvalid, match="not a GGUF"):
        verify_model(bogus, load_manifest())


def test_unknown_gguf_is_refused_unless_trusted(tmp_path: Path) -> None:
    other = tmp_path / "other.gguf"
    other.write_bytes(b"GGUF" + b"\0" * 64)
    with pytest.raises(ModelInvalid, match="not a model Coffer knows"):
        verify_model(other, load_manifest())
    assert verify_model(other, load_manifest(), trust=True).key == "imported"


def test_truncated_default_is_refused(tmp_path: Path, model_path: Path) -> None:
    cut = tmp_path / model_path.name
    with model_path.open("rb") as src:
        cut.write_bytes(src.read(1 << 20))
    with pytest.raises(ModelInvalid, match="truncated"):
        verify_model(cut, load_manifest())


def test_default_is_assembled_once_and_verified(model_path: Path) -> None:
    again, info = resolve_model(model_path.parent)
    assert again == model_path and info.default
    assert oct(model_path.stat().st_mode & 0o777) == "0o600"


def test_verified_marker_lives_in_our_folder_not_beside_the_model(tmp_path: Path, model_path: Path) -> None:
    ours = tmp_path / "ours"
    ours.mkdir()
    before = set(model_path.parent.iterdir())
    verify_model(model_path, load_manifest(), marker_dir=ours)
    assert set(model_path.parent.iterdir()) == before  # a bundled model's folder stays untouched
    assert len(list(ours.glob("*.verified"))) == 1
    verify_model(model_path, load_manifest(), marker_dir=ours)  # the cached check still verifies


def test_open_with_coffer_files_start_the_app(tmp_path: Path) -> None:
    from desktop_app.main import _only_files

    doc = tmp_path / "scan.pdf"
    doc.write_bytes(b"%PDF-1.4")
    assert _only_files([str(doc)])
    assert not _only_files(["extract", str(doc)]) and not _only_files([]) and not _only_files(["--help"])
