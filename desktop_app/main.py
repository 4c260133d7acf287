"""Composition root: the only place that wires concrete adapters into the core."""
from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.core.errors import CofferError
from desktop_app.core.resources import resources_root
from desktop_app.core.schemas import SchemaSet, load_schemas
from desktop_app.core.service import DocumentService
from desktop_app.system.paths import AppPaths, app_paths

log = logging.getLogger("coffer")


def schemas() -> SchemaSet:
    return load_schemas(resources_root() / "resources" / "schemas")


def load_settings(paths: AppPaths) -> dict[str, Any]:
    try:
        return dict(json.loads(paths.settings.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return {}


def make_engine_factory(paths: AppPaths, model: Path | None = None, *, trust: bool = False,
                        threads: int | None = None, use_adapter: bool | None = None,
                        personal_adapter: Any = None):
    """A factory that resolves, verifies and loads the model on first use. With the adapter on
    (setting ``use_adapter``, default on), the base model gets the person's own adapter from
    the vault when ``personal_adapter()`` returns one (bytes), else the shipped adapter when
    the manifest enables it for that base model and its sha256 matches."""
    settings = load_settings(paths)
    if model is None and settings.get("model_path"):
        model = Path(settings["model_path"])
    threads = threads or settings.get("threads")
    if use_adapter is None:
        use_adapter = bool(settings.get("use_adapter", True))

    def factory():
        from desktop_app.inference.catalog import resolve_adapter, resolve_model
        from desktop_app.inference.llama_engine import LlamaCppEngine

        path, info = resolve_model(paths.models, model, trust=trust)
        if not use_adapter or info.key == "imported":
            return LlamaCppEngine(path, max_threads=threads)
        blob = personal_adapter() if personal_adapter is not None else None
        if blob:
            from desktop_app.teach.personal import adapter_file

            with adapter_file(blob) as lora:  # decrypted only while llama.cpp reads it
                return LlamaCppEngine(path, max_threads=threads, lora_path=lora)
        found = resolve_adapter(info)
        return LlamaCppEngine(path, max_threads=threads, lora_path=found[0] if found else None)

    return factory


def make_reader() -> Any:
    from desktop_app.ingestion import reader as ingestion

    sandboxed = getattr(ingestion, "SandboxedReader", None)
    if sandboxed is not None:
        return sandboxed()

    class InProcessReader:
        def read(self, path: Path, *, password: str | None = None, cancel: Any = None) -> Any:
            return ingestion.read_document(path, password=password)

    return InProcessReader()


def build_service(
    *,
    paths: AppPaths | None = None,
    model: Path | None = None,
    trust_model: bool = False,
    use_model: bool = True,
    store: Any = None,
    threads: int | None = None,
    use_adapter: bool | None = None,
) -> DocumentService:
    paths = (paths or app_paths()).ensure()
    service: DocumentService | None = None

    def personal() -> bytes | None:
        # Read at model-load time from whatever vault is open then: the GUI opens the vault
        # after the window, and a newly taught adapter replaces the old one.
        current = service.store if service is not None else None
        if current is None:
            return None
        from desktop_app.teach.personal import personal_adapter_provider

        return personal_adapter_provider(current)()

    factory = make_engine_factory(paths, model, trust=trust_model, threads=threads,
                                  use_adapter=use_adapter, personal_adapter=personal)
    service = DocumentService(
        reader=make_reader(),
        schemas=schemas(),
        engine_factory=factory,
        store=store,
        use_model=use_model,
    )
    return service


def setup_logging(paths: AppPaths, verbose: bool = False) -> None:
    """Logs go to a file in the logs dir, owner-only. They never carry document text."""
    from desktop_app.system.logs import configure

    configure(paths.logs, verbose=verbose)


def start_process() -> None:
    """What every entry point does first: harden the process (no core dumps, not dumpable),
    install the network tripwire, keep any library from reaching for a model hub."""
    from desktop_app.system.hardening import harden_process
    from desktop_app.system.netguard import install_network_guard

    harden_process()
    install_network_guard()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _only_files(argv: Sequence[str]) -> bool:
    """``coffer a.pdf b.jpg`` (what "Open with Coffer" runs) opens the app with those files."""
    return bool(argv) and all(not a.startswith("-") and Path(a).is_file() for a in argv)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--self-test"]:  # the installers' smoke test is a flag, like --version
        argv[0] = "self-test"
    start_process()
    paths = app_paths()
    try:
        paths.ensure()
        setup_logging(paths, verbose=bool({"-v", "--verbose"} & set(argv)))
    except OSError as exc:
        print(f"coffer: cannot create Coffer's data folders: {exc}", file=sys.stderr)
        return 1
    if not argv or _only_files(argv):
        return gui_main(argv)
    from desktop_app.cli import run

    try:
        return run(argv)
    except CofferError as exc:
        print(f"coffer: {exc}", file=sys.stderr)
        return 1


def gui_main(files: Sequence[str] | None = None) -> int:
    """The double-click entry point (``coffer-gui``, no console on Windows)."""
    start_process()
    try:
        from desktop_app.gui.app import run_app
    except ImportError as exc:
        print(f"coffer: the desktop app cannot start ({exc}). Reinstall Coffer; the command line "
              "still works (coffer --help).", file=sys.stderr)
        return 1
    argv = [sys.argv[0], *files] if files is not None else None
    return int(run_app(argv))
