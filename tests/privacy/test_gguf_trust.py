"""B6: a GGUF file is loaded only if its sha256 is in models/manifest.toml, or the person imported
it explicitly (--trust-model). Crafted GGUFs (bad magic, truncated, huge tensor/kv counts, a 1 GiB
string length, n_dims > 4, dims that overflow, alignment 2^30, block_count 10^6, a 2^40-entry
UINT8 scores array, unknown versions and kv types) are refused BEFORE llama.cpp sees them; and
even when explicitly trusted, llama.cpp's loader fails cleanly (ModelInvalid, no crash).

tests/unit/test_catalog.py covers the basic refusals; this adds crafted files, the path through
the composition root, and the verification cache."""
from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.core.errors import ModelInvalid, ModelMissing
from desktop_app.inference import catalog
from desktop_app.system.paths import app_paths

REPO = Path(__file__).resolve().parents[2]


def _s(b: bytes) -> bytes:
    return struct.pack("<Q", len(b)) + b


def _kv_str(k: bytes, v: bytes) -> bytes:
    return _s(k) + struct.pack("<I", 8) + _s(v)


def _kv_u32(k: bytes, v: int) -> bytes:
    return _s(k) + struct.pack("<I", 4) + struct.pack("<I", v)


def _head(n_tensors: int, n_kv: int, version: int = 3) -> bytes:
    return b"GGUF" + struct.pack("<IQQ", version, n_tensors, n_kv)


ARCH = _kv_str(b"general.architecture", b"gemma3")
CRAFTED: dict[str, bytes] = {
    "huge_counts": _head(2**62, 2**62),
    "string_1gib": _head(0, 1) + struct.pack("<Q", 2**30) + b"general.architecture",
    "n_dims_5": _head(1, 1) + ARCH + _s(b"t") + struct.pack("<I5Q", 5, 1, 1, 1, 1, 1) + struct.pack("<IQ", 0, 0),
    "dims_overflow": _head(1, 1) + ARCH + _s(b"t") + struct.pack("<I4Q", 4, 2**62, 2**62, 4, 4)
    + struct.pack("<IQ", 0, 0),
    "alignment_2_30": _head(0, 2) + ARCH + _kv_u32(b"general.alignment", 2**30),
    "block_count_1e6": _head(0, 2) + ARCH + _kv_u32(b"gemma3.block_count", 10**6),
    "scores_u8_2_40": _head(0, 2) + ARCH + _s(b"tokenizer.ggml.scores") + struct.pack("<IIQ", 9, 0, 2**40),
    "version_99": _head(0, 0, version=99),
    "kv_type_invalid": _head(0, 1) + _s(b"general.architecture") + struct.pack("<I", 0xFFFF) + b"\0" * 8,
    "header_only": b"GGUF",
}
BAD_MAGIC: dict[str, bytes] = {
    "empty": b"", "ggml": b"ggml" + b"\0" * 60, "zip": b"PK\x03\x04" + b"\0" * 60,
    "gguf_big_endian": b"FUGG" + b"\0" * 60, "text": b"not a model at all\n" * 4,
}


@pytest.fixture
def no_llama(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Replace llama_cpp.Llama: any call means a file reached llama.cpp."""
    from desktop_app.inference import llama_engine

    calls: list[str] = []

    class Sentinel:
        def __init__(self, model_path: str, **_kw: object) -> None:
            calls.append(model_path)
            raise AssertionError(f"llama.cpp was handed {model_path}")

    monkeypatch.setattr(llama_engine.llama_cpp, "Llama", Sentinel)
    return calls


def _factory(path: Path, *, trust: bool = False):
    from desktop_app.main import make_engine_factory

    return make_engine_factory(app_paths().ensure(), path, trust=trust)


@pytest.mark.parametrize("name", sorted(CRAFTED))
def test_crafted_gguf_is_refused_before_llama_cpp(tmp_path: Path, no_llama: list[str], name: str) -> None:
    path = tmp_path / f"{name}.gguf"
    path.write_bytes(CRAFTED[name])
    with pytest.raises(ModelInvalid, match="not a model Coffer knows") as err:
        _factory(path)()
    assert "--trust-model" in str(err.value)
    assert no_llama == []


@pytest.mark.parametrize("name", sorted(BAD_MAGIC))
def test_bad_magic_is_refused_even_when_trusted(tmp_path: Path, no_llama: list[str], name: str) -> None:
    path = tmp_path / f"{name}.gguf"
    path.write_bytes(BAD_MAGIC[name])
    with pytest.raises(ModelInvalid, match="not a GGUF"):
        _factory(path, trust=True)()
    assert no_llama == []


def test_missing_and_unreadable_files(tmp_path: Path, no_llama: list[str]) -> None:
    with pytest.raises(ModelMissing):
        _factory(tmp_path / "nope.gguf")()
    folder = tmp_path / "dir.gguf"
    folder.mkdir()
    with pytest.raises((ModelMissing, ModelInvalid, IsADirectoryError)):
        catalog.verify_model(folder, catalog.load_manifest())
    assert no_llama == []


def test_impostor_with_the_default_name_and_size_is_refused(tmp_path: Path, no_llama: list[str]) -> None:
    """A crafted file named and sized exactly like the bundled model (sparse: no disk cost):
    the full sha256 runs and it is refused."""
    info = catalog.default_model(catalog.load_manifest())
    path = tmp_path / info.file
    with path.open("wb") as fh:
        fh.write(CRAFTED["dims_overflow"])
        fh.truncate(info.size)
    with pytest.raises(ModelInvalid, match="not a model Coffer knows"):
        _factory(path)()
    path.write_bytes(CRAFTED["dims_overflow"])  # same name, wrong size: refused without hashing
    with pytest.raises(ModelInvalid, match="truncated or damaged"):
        _factory(path)()
    assert no_llama == []


def test_truncated_real_model_is_refused(tmp_path: Path, no_llama: list[str], model_path: Path) -> None:
    cut = tmp_path / "renamed-copy.gguf"  # not the manifest's name: the size shortcut cannot help
    with model_path.open("rb") as src:
        cut.write_bytes(src.read(4 << 20))
    with pytest.raises(ModelInvalid, match="not a model Coffer knows"):
        _factory(cut)()
    assert no_llama == []


def test_forged_verification_marker_does_not_bypass_the_hash(tmp_path: Path, no_llama: list[str]) -> None:
    """A crafted file shipped with a '<file>.verified' marker that matches its size and mtime
    (os.utime, or a tarball carrying both) must not pass as the known model. Found by this test
    (issue 9): the marker beside the file used to be trusted; since 6c262a9 markers live only in
    Coffer's own models folder, keyed by the file's path."""
    info = catalog.default_model(catalog.load_manifest())
    path = tmp_path / "downloaded.gguf"
    path.write_bytes(CRAFTED["dims_overflow"])
    os.utime(path, ns=(1_700_000_000_000_000_000, 1_700_000_000_000_000_000))
    st = path.stat()
    for name in (path.name + ".verified", f"{path.name}.0123456789ab.verified"):
        (tmp_path / name).write_text(f"{info.sha256} {st.st_size} {st.st_mtime_ns}")
    with pytest.raises(ModelInvalid):
        catalog.verify_model(path, catalog.load_manifest())
    with pytest.raises(ModelInvalid, match="not a model Coffer knows"):
        _factory(path)()  # through the composition root, with Coffer's models folder
    assert no_llama == []


LOADER = """
import sys
from pathlib import Path
from desktop_app.core.errors import ModelInvalid
from desktop_app.inference.llama_engine import LlamaCppEngine
try:
    LlamaCppEngine(Path(sys.argv[1]))
except ModelInvalid as exc:
    print("REFUSED", str(exc)[:60])
else:
    print("LOADED")
"""


def test_explicitly_trusted_crafted_files_fail_cleanly_in_llama_cpp(tmp_path: Path) -> None:
    """Even after --trust-model, the vendored llama.cpp rejects each crafted file with an error,
    not a crash (each in its own process, so a crash could not take pytest down)."""
    results = {}
    for name, data in CRAFTED.items():
        path = tmp_path / f"{name}.gguf"
        path.write_bytes(data)
        run = subprocess.run([sys.executable, "-c", LOADER, str(path)], capture_output=True, text=True,
                             timeout=120, cwd=str(REPO))
        results[name] = (run.returncode, run.stdout.strip()[:7])
    assert all(v == (0, "REFUSED") for v in results.values()), results
