"""The PyTorch copy of the base model, made once from the GGUF the app already has (no hub).

transformers dequantizes the Q4_K_M GGUF into an fp32 Gemma 3 model and builds its tokenizer
(~1 min the first time); the plain copy it saves (~1.07 GB) reloads in seconds. The copy lives
in the app's data folder (models/teach-base/), never in the repository.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

MISSING_HELP = ("Teaching Coffer needs the optional training component: "
                "pip install .[teach]  (PyTorch CPU, transformers, peft, gguf).")


class TeachUnavailable(RuntimeError):
    """torch / transformers / peft / gguf are not installed."""


def require_teach_packages() -> None:
    missing = []
    for name in ("torch", "transformers", "peft", "gguf"):
        try:
            __import__(name)
        except ImportError:
            missing.append(name)
    if missing:
        raise TeachUnavailable(f"{MISSING_HELP} Missing: {', '.join(missing)}.")


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")


def base_dir_for(gguf_path: Path, cache_root: Path) -> Path:
    return cache_root / f"teach-base-{gguf_path.stem}"


def prepare_base(gguf_path: Path, out_dir: Path) -> Path:
    """Save an fp32 transformers copy of ``gguf_path`` in ``out_dir`` (skipped when present)."""
    _offline()
    marker = out_dir / "coffer-base.json"
    if marker.exists() and (out_dir / "config.json").exists():
        return out_dir
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(gguf_path.parent), gguf_file=gguf_path.name,
                                                 dtype=torch.float32, local_files_only=True)
    model.hf_quantizer = None
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    marker.write_text(json.dumps({"gguf": gguf_path.name, "size": gguf_path.stat().st_size}))
    return out_dir


def load_base(base_dir: Path, *, bf16: bool = False):
    """The frozen base. ``bf16`` halves its memory (~0.5 GB less): training runs under bf16
    autocast anyway, and PEFT keeps the LoRA weights themselves in fp32."""
    _offline()
    import torch
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(str(base_dir), dtype=torch.bfloat16 if bf16 else torch.float32,
                                                 local_files_only=True)
    model.config.use_cache = False
    return model


if __name__ == "__main__":  # python -m desktop_app.teach.base BASE.gguf OUT_DIR
    import sys

    print(prepare_base(Path(sys.argv[1]), Path(sys.argv[2])))
