"""Installer files are complete and well-formed: spec, Linux entry and metainfo, macOS plists, Inno Setup."""
from __future__ import annotations

import ast
import configparser
import os
import plistlib
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"
sys.path.insert(0, str(INSTALLER))
import build_support as bs  # noqa: E402

PYPROJECT_VERSION = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["version"]
DESKTOP = INSTALLER / "linux" / f"{bs.APP_ID}.desktop"


def test_version_comes_from_pyproject_only() -> None:
    assert bs.version() == PYPROJECT_VERSION
    # No installer file spells the version out: they all take it from pyproject.toml.
    for path in INSTALLER.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            text = path.read_text("utf-8")
            assert not re.search(rf"(?<![\d.]){re.escape(PYPROJECT_VERSION)}(?![\d.])", text), path


def test_spec_parses_and_names_what_it_needs() -> None:
    spec = (INSTALLER / "coffer.spec").read_text("utf-8")
    ast.parse(spec)
    for name in ("coffer_entry.py", "pyi_rth_coffer.py", "assemble_model", "collect_data_files(\"rapidocr_onnxruntime\"",
                 "BUNDLE(", "COLLECT(", "\"coffer-gui\"", "console=False", "entitlements_file"):
        assert name in spec, name
    assert (INSTALLER / "coffer_entry.py").is_file()
    assert (INSTALLER / "rthooks" / "pyi_rth_coffer.py").is_file()
    for excluded in ("pytest", "hypothesis", "PySide6.QtNetwork", "PySide6.QtWebEngineCore",
                     "torch", "transformers", "huggingface_hub"):
        assert f'"{excluded}"' in spec, excluded


def test_app_id_matches_the_window() -> None:
    tree = ast.parse((REPO / "desktop_app" / "gui" / "app.py").read_text("utf-8"))
    app_id = next(node.value.value for node in ast.walk(tree)
                  if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "APP_ID" for t in node.targets))
    assert app_id == bs.APP_ID


def test_mime_types_match_what_ingestion_reads() -> None:
    from desktop_app.ingestion import sniff

    readable = set(sniff.MEDIA_TYPES.values())
    offered = set(bs.mime_types())
    # image/heif is only the desktops' name for .heif files, which ingestion reads as HEIC.
    assert offered - {"image/heif"} == readable
    for mime, exts, _label in bs.DOCUMENT_TYPES:
        for ext in exts:
            kind = sniff._SUFFIX_KIND[f".{ext}"]
            assert sniff.MEDIA_TYPES[kind] == {"image/heif": "image/heic"}.get(mime, mime), ext


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Icon"] == bs.APP_ID
    assert entry["Exec"].startswith("coffer-gui ") and entry["Exec"].endswith("%F")
    assert entry["MimeType"].endswith(";")
    assert set(entry["MimeType"].rstrip(";").split(";")) == set(bs.mime_types())
    if shutil.which("desktop-file-validate"):
        run = subprocess.run(["desktop-file-validate", str(DESKTOP)], capture_output=True, text=True)
        assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


def test_metainfo(tmp_path: Path) -> None:
    text = bs.metainfo(date="2026-01-01")
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == bs.APP_ID
    assert root.find("launchable").text == f"{bs.APP_ID}.desktop"
    assert [r.get("version") for r in root.iter("release")] == [PYPROJECT_VERSION]
    assert {m.text for m in root.iter("mediatype")} == set(bs.mime_types())
    if shutil.which("appstreamcli"):
        path = tmp_path / f"{bs.APP_ID}.metainfo.xml"
        path.write_text(text, "utf-8")
        run = subprocess.run(["appstreamcli", "validate", "--no-net", str(path)],
                             capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_icons_in_the_standard_sizes() -> None:
    from PIL import Image

    for size in bs.ICON_SIZES:
        with Image.open(REPO / "resources" / "icons" / f"coffer-{size}.png") as img:
            assert img.size == (size, size)
    ET.parse(REPO / "resources" / "icons" / "coffer.svg")


def test_macos_info_plist() -> None:
    data = plistlib.loads(bs.info_plist_bytes())
    assert data["CFBundleIdentifier"] == bs.APP_ID
    assert data["CFBundleShortVersionString"] == PYPROJECT_VERSION
    assert data["LSBackgroundOnly"] is False  # a Dock icon to drop documents on
    doc_types = data["CFBundleDocumentTypes"]
    assert {m for t in doc_types for m in t["CFBundleTypeMIMETypes"]} == set(bs.mime_types())
    for t in doc_types:
        assert t["LSItemContentTypes"] and t["CFBundleTypeRole"] == "Viewer"


@pytest.mark.skipif(not shutil.which("xmllint"), reason="xmllint is not installed")
def test_xml_files_are_well_formed(tmp_path: Path) -> None:
    metainfo = tmp_path / "metainfo.xml"
    metainfo.write_text(bs.metainfo(date="2026-01-01"), "utf-8")
    plist = tmp_path / "Info.plist"
    plist.write_bytes(bs.info_plist_bytes())
    for path in (metainfo, plist, INSTALLER / "macos" / "entitlements.plist",
                 REPO / "resources" / "icons" / "coffer.svg"):
        run = subprocess.run(["xmllint", "--noout", "--nonet", str(path)], capture_output=True, text=True)
        assert run.returncode == 0, f"{path.name}: {run.stderr}"


def test_macos_entitlements_have_no_network() -> None:
    with (INSTALLER / "macos" / "entitlements.plist").open("rb") as fh:
        ent = plistlib.load(fh)
    assert not [k for k in ent if "network" in k or "app-sandbox" in k and not ent[k]]
    # Only what the hardened runtime must relax for ctypes; nothing that weakens it further.
    assert set(ent) <= {"com.apple.security.cs.allow-unsigned-executable-memory"}


# --- Inno Setup -----------------------------------------------------------------------------
ISS_SECTIONS = {"Setup", "Languages", "Tasks", "Files", "Icons", "Registry", "Run",
                "UninstallDelete", "Code"}
ISS_REQUIRED = {"Files": {"Source", "DestDir"}, "Icons": {"Name", "Filename"},
                "Registry": {"Root", "Subkey", "ValueType"}, "Run": {"Filename"},
                "Tasks": {"Name", "Description"}, "Languages": {"Name", "MessagesFile"},
                "UninstallDelete": {"Type", "Name"}}


def _iss_params(line: str) -> dict[str, str]:
    """`Key: value; Key: "quoted; value"` → dict; raises on unbalanced quotes."""
    params: dict[str, str] = {}
    for part in re.findall(r'(?:[^;"]|"(?:[^"]|"")*")+', line):
        part = part.strip()
        if not part:
            continue
        key, sep, value = part.partition(":")
        assert sep, f"no 'Key: value' in {part!r}"
        value = value.strip()
        if value.startswith('"'):
            assert value.endswith('"') and len(value) > 1, f"unbalanced quotes in {part!r}"
        params[key.strip()] = value
    return params


def _iss() -> tuple[dict[str, list[str]], list[str]]:
    sections: dict[str, list[str]] = {}
    preprocessor: list[str] = []
    current = None
    for raw in (INSTALLER / "windows" / "coffer.iss").read_text("utf-8").splitlines():
        line = raw.strip()
        if current != "Code" and (not line or line.startswith(";")):
            continue
        if line.startswith("#"):
            preprocessor.append(line)
            continue
        m = re.fullmatch(r"\[(\w+)\]", line)
        if m:
            current = m.group(1)
            assert current in ISS_SECTIONS, current
            sections.setdefault(current, [])
            continue
        assert current is not None, f"line outside a section: {line}"
        sections[current].append(raw)
    return sections, preprocessor


def test_inno_setup_script_structure() -> None:
    sections, preprocessor = _iss()
    assert any(p.startswith("#ifndef AppVersion") for p in preprocessor)
    setup = dict(line.split("=", 1) for line in sections["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"  # per-user install
    assert setup["AppVersion"] == "{#AppVersion}"
    assert setup["ChangesAssociations"] == "yes"
    for name, lines in sections.items():
        if name in ("Setup", "Code"):
            continue
        for line in lines:
            params = _iss_params(line)
            missing = ISS_REQUIRED.get(name, set()) - set(params)
            assert not missing, f"[{name}] {line} lacks {missing}"
    icons = "\n".join(sections["Icons"])
    assert "{autoprograms}" in icons and "coffer-gui.exe" in icons.replace("{#AppExe}", "coffer-gui.exe")
    open_with = {re.search(r'Classes\\\.(\w+)\\OpenWithProgids', line).group(1)
                 for line in sections["Registry"] if "OpenWithProgids" in line}
    assert open_with == set(bs.extensions())


def test_inno_setup_uninstaller_asks_before_deleting_the_vault() -> None:
    sections, _ = _iss()
    code = "\n".join(sections["Code"])
    words = re.findall(r"\b(begin|end|case|try)\b", re.sub(r"\{[^}]*\}|'[^']*'", "", code), re.I)
    opened = sum(1 for w in words if w.lower() in ("begin", "case", "try"))
    assert opened == sum(1 for w in words if w.lower() == "end")
    ask = code.index("MsgBox(")
    assert "MB_YESNO" in code[ask:] and "MB_DEFBUTTON2" in code[ask:]  # "No" is the default
    assert ask < code.index("DelTree(")
    assert "UninstallSilent()" in code  # a silent uninstall keeps the vault


def test_shell_scripts_parse() -> None:
    for script, shell in ((INSTALLER / "linux" / "install.sh", "sh"),
                          (INSTALLER / "linux" / "uninstall.sh", "sh"),
                          (INSTALLER / "linux" / "package.sh", "sh"),
                          (INSTALLER / "macos" / "make_dmg.sh", "sh"),
                          (INSTALLER / "build_llama_dist.sh", "bash"),
                          (INSTALLER / "build_opencv_dist.sh", "bash"),
                          (INSTALLER / "build_numpy_dist.sh", "bash")):
        assert os.access(script, os.X_OK), script
        run = subprocess.run([shell, "-n", str(script)], capture_output=True, text=True)
        assert run.returncode == 0, f"{script}: {run.stderr}"


def _fake_bundle(dist: Path) -> Path:
    app = dist / "Coffer"
    (app / "_internal").mkdir(parents=True)
    for exe in ("coffer", "coffer-gui"):
        (app / exe).write_text("#!/bin/sh\necho coffer\n")
        (app / exe).chmod(0o755)
    return app


def test_package_install_and_uninstall_in_a_fake_home(tmp_path: Path) -> None:
    dist, home = tmp_path / "dist", tmp_path / "home"
    app = _fake_bundle(dist)
    env = {**os.environ, "DIST": str(dist), "PY": sys.executable, "HOME": str(home)}
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
                "COFFER_INSTALL_DIR"):
        env.pop(var, None)
    run = subprocess.run(["sh", str(INSTALLER / "linux" / "package.sh")], env=env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert list(dist.glob(f"Coffer-{PYPROJECT_VERSION}-linux-*.tar.gz"))
    run = subprocess.run(["sh", str(app / "install.sh")], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr

    dest = home / ".local" / "lib" / "coffer"
    share = home / ".local" / "share"
    desktop = share / "applications" / f"{bs.APP_ID}.desktop"
    text = desktop.read_text("utf-8")
    assert f'Exec="{dest}/coffer-gui" %F' in text
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout
    for size in bs.ICON_SIZES:
        assert (share / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{bs.APP_ID}.png").is_file()
    assert (share / "icons" / "hicolor" / "scalable" / "apps" / f"{bs.APP_ID}.svg").is_file()
    assert (share / "metainfo" / f"{bs.APP_ID}.metainfo.xml").is_file()
    assert os.readlink(home / ".local" / "bin" / "coffer") == str(dest / "coffer")

    vault = share / "Coffer" / "vault.db"
    vault.parent.mkdir(parents=True)
    vault.write_bytes(b"not really a vault")
    run = subprocess.run(["sh", str(dest / "uninstall.sh")], env=env, stdin=subprocess.DEVNULL,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert not dest.exists() and not desktop.exists()
    assert vault.exists(), "without a terminal to ask on, the vault must be kept"
    # A second install then an explicit --delete-data removes the vault too.
    subprocess.run(["sh", str(app / "install.sh")], env=env, check=True, capture_output=True)
    subprocess.run(["sh", str(dest / "uninstall.sh"), "--delete-data"], env=env, check=True,
                   capture_output=True)
    assert not vault.exists()


@pytest.mark.parametrize("flag", ["--self-test"])
def test_self_test_flag_maps_to_the_command(monkeypatch: pytest.MonkeyPatch, capsys, flag: str) -> None:
    from desktop_app import main as app_main
    from desktop_app.cli import selftest_cmds

    monkeypatch.setattr(selftest_cmds, "run_self_test", lambda out=print: {})
    assert app_main.main([flag]) == 0
    assert "self-test: OK" in capsys.readouterr().out

    def broken(out=print):
        raise selftest_cmds.SelfTestFailed("model: file\nis damaged")

    monkeypatch.setattr(selftest_cmds, "run_self_test", broken)
    assert app_main.main([flag]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["coffer self-test: FAILED: model: file is damaged"]


def test_frozen_entry_runs_the_cli(tmp_path: Path) -> None:
    env = {**os.environ, "COFFER_HOME": str(tmp_path)}
    run = subprocess.run([sys.executable, str(INSTALLER / "coffer_entry.py"), "--version"],
                         capture_output=True, text=True, env=env, cwd=REPO, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"Coffer {PYPROJECT_VERSION}"


def _an_elf_library() -> Path | None:
    import _ctypes

    path = Path(_ctypes.__file__)
    return path if sys.platform.startswith("linux") and path.suffix == ".so" else None


def test_strip_check_refuses_misaligned_load_segments(tmp_path: Path) -> None:
    lib = _an_elf_library()
    if lib is None:
        pytest.skip("needs a Linux ELF extension module")
    import struct

    assert bs.elf_load_segments_aligned(lib)
    data = bytearray(lib.read_bytes())
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        at = phoff + i * phentsize
        if struct.unpack_from("<I", data, at)[0] == 1 and struct.unpack_from("<Q", data, at + 8)[0]:
            offset, = struct.unpack_from("<Q", data, at + 8)
            struct.pack_into("<Q", data, at + 8, offset + 16)  # what a bad strip does
            break
    broken = tmp_path / "broken.so"
    broken.write_bytes(bytes(data))
    assert not bs.elf_load_segments_aligned(broken)


def test_strip_tree_keeps_libraries_loadable(tmp_path: Path) -> None:
    lib = _an_elf_library()
    if lib is None or not shutil.which("strip"):
        pytest.skip("needs strip and a Linux ELF extension module")
    copy = tmp_path / lib.name
    shutil.copy2(lib, copy)
    (tmp_path / "notes.txt").write_text("not a library", encoding="utf-8")
    before, after = bs.strip_tree(tmp_path)
    assert after <= before == lib.stat().st_size
    assert copy.stat().st_size == after
    assert bs.elf_load_segments_aligned(copy)
    assert not list(tmp_path.glob("*.orig")) and not list(tmp_path.glob("*.stripped"))
    assert subprocess.run([sys.executable, "-c", "import ctypes, sys; ctypes.CDLL(sys.argv[1])",
                           str(copy)]).returncode == 0


def test_every_resource_folder_the_app_reads_is_in_the_bundle() -> None:
    """A resource read through resources_root() but not collected by the spec works from a
    checkout and silently not in the installed app (the OCR word list once was)."""
    import re

    spec = (INSTALLER / "coffer.spec").read_text("utf-8")
    used = set()
    for path in (REPO / "desktop_app").rglob("*.py"):
        source = path.read_text("utf-8")
        used |= set(re.findall(r'resources_root\(\) / "resources" / "(\w+)"', source))
        used |= set(re.findall(r'resources\(\) / "(\w+)"', source))
    assert {"schemas", "samples", "ocr", "icons", "style"} <= used
    for folder in used:
        assert f'"resources" / "{folder}"' in spec, folder
