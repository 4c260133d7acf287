"""The adapter file: written as GGUF, loaded by llama.cpp, listed with its sha256, applied by the app."""
from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from desktop_app.inference import catalog
from desktop_app.teach.dataset import PROMPT_STYLE

REPO = Path(__file__).resolve().parents[2]
MANIFEST = REPO / "models" / "manifest.toml"


def test_tensor_names_follow_llama_cpp() -> None:
    from desktop_app.teach.export import gguf_tensor_name

    assert gguf_tensor_name("base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight") == \
        "blk.3.attn_q.weight.lora_a"
    assert gguf_tensor_name("base_model.model.model.layers.17.mlp.down_proj.lora_B.default.weight") == \
        "blk.17.ffn_down.weight.lora_b"
    assert gguf_tensor_name("x.layers.0.self_attn.o_proj.lora_B.weight") == "blk.0.attn_output.weight.lora_b"
    with pytest.raises(ValueError):
        gguf_tensor_name("model.embed_tokens.weight")


def test_writer_output_loads_in_llama_cpp_and_changes_the_model(model_path: Path, tmp_path: Path) -> None:
    pytest.importorskip("gguf")
    from desktop_app.inference.llama_engine import LlamaCppEngine
    from desktop_app.teach.export import (
        GEMMA3_270M_DIMS,
        random_lora_state,
        read_lora_gguf,
        write_lora_gguf,
    )

    state = random_lora_state(18, GEMMA3_270M_DIMS, rank=4, seed=1, scale=0.05)
    out = write_lora_gguf(state, tmp_path / "tiny.gguf", alpha=8, metadata={"prompt_style": PROMPT_STYLE})
    tensors, kv = read_lora_gguf(out)
    assert kv["general.type"] == "adapter" and kv["adapter.type"] == "lora"
    assert kv["general.architecture"] == "gemma3" and kv["coffer.prompt_style"] == PROMPT_STYLE
    a = tensors["blk.0.attn_q.weight.lora_a"]
    assert a.shape == (4, 640) and a.dtype == np.float16
    np.testing.assert_allclose(a.astype(np.float32),
                               state["base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"],
                               atol=1e-3)
    prompt = "Receipt:\nGREEN SHOP\nTOTAL 4.50\nFields:\n"
    plain = LlamaCppEngine(model_path, n_ctx=512, max_threads=1, adaptive_threads=False)
    with_lora = LlamaCppEngine(model_path, n_ctx=512, max_threads=1, adaptive_threads=False, lora_path=out)
    try:
        c = with_lora.complete(prompt, max_tokens=3)
        assert c.completion_tokens >= 1
        with_lora.complete(prompt, max_tokens=1)
        l1 = np.array(with_lora._logits())
        plain.complete(prompt, max_tokens=1)
        l0 = np.array(plain._logits())
        assert not np.allclose(l0, l1)  # the adapter is applied
    finally:
        plain.close()
        with_lora.close()


def _shipped() -> catalog.AdapterInfo:
    adapters = catalog.load_adapters(MANIFEST)
    assert "coffer-extract-lora" in adapters, "models/manifest.toml lists no coffer-extract-lora"
    return adapters["coffer-extract-lora"]


def test_manifest_entry_matches_the_shipped_file() -> None:
    info = _shipped()
    path = MANIFEST.parent / info.file
    assert path.exists()
    assert catalog.sha256_file(path) == info.sha256
    assert path.stat().st_size == info.size < 20 * 1024 * 1024
    assert info.base in catalog.load_manifest(MANIFEST)
    assert info.prompt_style == PROMPT_STYLE and info.licence
    catalog.verify_adapter(path, info)


def _manifest_copy(tmp_path: Path, default: bool, damage: bool = False) -> Path:
    info = _shipped()
    folder = tmp_path / "res" / "models"
    folder.mkdir(parents=True)
    text = MANIFEST.read_text(encoding="utf-8")
    lines, out, inside = text.splitlines(), [], False
    for ln in lines:
        if ln.startswith("["):
            inside = ln.strip() == "[adapters.coffer-extract-lora]"
        if inside and ln.startswith("default"):
            ln = f"default = {'true' if default else 'false'}"
        out.append(ln)
    (folder / "manifest.toml").write_text("\n".join(out) + "\n", encoding="utf-8")
    data = (MANIFEST.parent / info.file).read_bytes()
    if damage:
        data = data[:-10] + b"\0" * 10
    (folder / info.file).write_bytes(data)
    return folder / "manifest.toml"


def test_adapter_resolution(tmp_path: Path) -> None:
    base = catalog.default_model(catalog.load_manifest(MANIFEST))
    on = _manifest_copy(tmp_path / "on", True)
    found = catalog.resolve_adapter(base, manifest=on)
    assert found is not None and found[0].name == _shipped().file
    off = _manifest_copy(tmp_path / "off", False)
    assert catalog.resolve_adapter(base, manifest=off) is None
    bad = _manifest_copy(tmp_path / "bad", True, damage=True)
    assert catalog.resolve_adapter(base, manifest=bad) is None  # sha256 mismatch: not used
    other = catalog.ModelInfo("imported", "x.gguf", "0" * 64, 0, "", "")
    assert catalog.resolve_adapter(other, manifest=on) is None


def test_the_app_loads_base_and_adapter(model_path: Path, tmp_path: Path, monkeypatch) -> None:
    """make_engine_factory passes the verified adapter to llama.cpp; --no-adapter and the
    setting turn it off."""
    from desktop_app import main
    from desktop_app.inference import llama_engine
    from desktop_app.system.paths import app_paths

    manifest = _manifest_copy(tmp_path, True)
    monkeypatch.setenv("COFFER_RESOURCES_ROOT", str(manifest.parent.parent))
    shutil.copytree(REPO / "resources", manifest.parent.parent / "resources")
    monkeypatch.setenv("COFFER_BUNDLED_MODEL_DIR", str(model_path.parent))
    seen: list[object] = []
    real = llama_engine.LlamaCppEngine

    class Spy(real):
        def __init__(self, path, **kw):
            seen.append(kw.get("lora_path"))
            super().__init__(path, **kw)

    monkeypatch.setattr(llama_engine, "LlamaCppEngine", Spy)
    paths = app_paths().ensure()
    engine = main.make_engine_factory(paths)()
    try:
        assert seen[-1] is not None and Path(seen[-1]).name == _shipped().file
        from desktop_app.core.entities import ParsedDocument
        from desktop_app.core.extraction import Extractor

        text = "GREEN SHOP SDN BHD\nNO. 1, JALAN MAWAR,\n81200 JOHOR BAHRU\nTOTAL 4.50\n"
        ex = Extractor(engine).extract(ParsedDocument.from_text(text), main.schemas()["receipt"])
        assert ex.get("company").raw
    finally:
        engine.close()
    main.make_engine_factory(paths, use_adapter=False)().close()
    assert seen[-1] is None
    paths.settings.write_text('{"use_adapter": false}', encoding="utf-8")
    main.make_engine_factory(paths)().close()
    assert seen[-1] is None


def test_no_adapter_flag_reaches_the_service(monkeypatch) -> None:
    from desktop_app.cli import build_parser, extract_cmds

    got = {}

    def fake_build_service(**kw):
        got.update(kw)
        return object()

    monkeypatch.setattr("desktop_app.main.build_service", fake_build_service)
    args = build_parser().parse_args(["eval", "x", "--no-adapter"])
    extract_cmds._service(args)
    assert got["use_adapter"] is False
    args = build_parser().parse_args(["eval", "x"])
    extract_cmds._service(args)
    assert got["use_adapter"] is None
