"""Write a LoRA adapter as a GGUF file llama.cpp loads (``Llama(lora_path=...)``), with the
``gguf`` package's GGUFWriter: no converter script needs shipping.

llama.cpp reads, per adapted weight W (ggml shape [in, out]), ``<W>.lora_a`` of shape [in, r]
and ``<W>.lora_b`` of shape [r, out], i.e. PEFT's ``lora_A.weight`` (r×in) and ``lora_B.weight``
(out×r) as numpy arrays; the scale is ``adapter.lora.alpha / r``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np

PEFT_TO_GGUF = {
    "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
_NAME = re.compile(r"layers\.(\d+)\.(self_attn\.[qkvo]_proj|mlp\.(?:gate|up|down)_proj)\.lora_([AB])(?:\.[^.]+)?\.weight$")


def gguf_tensor_name(peft_name: str) -> str:
    m = _NAME.search(peft_name)
    if not m:
        raise ValueError(f"not a LoRA weight of a known layer: {peft_name}")
    layer, module, ab = m.groups()
    return f"blk.{layer}.{PEFT_TO_GGUF[module]}.weight.lora_{ab.lower()}"


def write_lora_gguf(state: Mapping[str, object], out: Path, *, alpha: float, arch: str = "gemma3",
                    name: str = "coffer-extract-lora", metadata: Mapping[str, str] | None = None,
                    dtype=np.float16) -> Path:
    """``state``: PEFT LoRA weights (torch tensors or arrays) by PEFT name."""
    import gguf

    tensors: dict[str, np.ndarray] = {}
    for key, value in state.items():
        arr = value.detach().float().cpu().numpy() if hasattr(value, "detach") else np.asarray(value)
        tensors[gguf_tensor_name(key)] = np.ascontiguousarray(arr.astype(dtype))
    if not tensors:
        raise ValueError("no LoRA weights to write")
    for n in tensors:
        other = n[:-1] + ("b" if n.endswith("a") else "a")
        if other not in tensors:
            raise ValueError(f"{n} has no matching {other}")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".partial")
    writer = gguf.GGUFWriter(str(tmp), arch=arch)
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(alpha))
    writer.add_name(name)
    for k, v in (metadata or {}).items():
        writer.add_string(f"coffer.{k}", str(v))
    for n in sorted(tensors, key=_order):
        writer.add_tensor(n, tensors[n])
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    tmp.replace(out)
    return out


def _order(name: str) -> tuple[int, str]:
    m = re.match(r"blk\.(\d+)\.(.*)", name)
    return (int(m.group(1)), m.group(2)) if m else (10**6, name)


def read_lora_gguf(path: Path) -> tuple[dict[str, np.ndarray], dict[str, object]]:
    """Tensors (by GGUF name, numpy layout as written) and key/values of an adapter file."""
    import gguf

    r = gguf.GGUFReader(str(path))
    kv: dict[str, object] = {}
    for k, f in r.fields.items():
        try:
            kv[k] = f.contents()
        except Exception:  # noqa: BLE001 - best effort for unusual value types
            continue
    tensors = {t.name: np.array(t.data).reshape([int(x) for x in reversed(t.shape)]) for t in r.tensors}
    return tensors, kv


def random_lora_state(n_layers: int, dims: Mapping[str, tuple[int, int]], rank: int = 4,
                      seed: int = 0, scale: float = 0.01) -> dict[str, np.ndarray]:
    """A small random LoRA in PEFT naming (for tests): ``dims`` maps module → (in, out)."""
    rng = np.random.default_rng(seed)
    out: dict[str, np.ndarray] = {}
    for layer in range(n_layers):
        for module, (din, dout) in dims.items():
            base = f"base_model.model.model.layers.{layer}.{module}"
            out[f"{base}.lora_A.weight"] = rng.normal(0, scale, (rank, din)).astype(np.float32)
            out[f"{base}.lora_B.weight"] = rng.normal(0, scale, (dout, rank)).astype(np.float32)
    return out


GEMMA3_270M_DIMS = {
    "self_attn.q_proj": (640, 1024), "self_attn.k_proj": (640, 256), "self_attn.v_proj": (640, 256),
    "self_attn.o_proj": (1024, 640), "mlp.gate_proj": (640, 2048), "mlp.up_proj": (640, 2048),
    "mlp.down_proj": (2048, 640),
}
