"""The real Linux bundle: built with PyInstaller, self-tested with networking off, window started offscreen."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.processes import stop, wait_for

REPO = Path(__file__).resolve().parents[2]
DIST = REPO / "dist"
APP = DIST / "Coffer"
sys.path.insert(0, str(REPO / "installer"))
import build_support as bs  # noqa: E402

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not sys.platform.startswith("linux"),
                                                   reason="the Linux bundle")]


@pytest.fixture(scope="module")
def bundle() -> Path:
    """`make installer`: PyInstaller, then the desktop files and the tarball. A few minutes."""
    env = {**os.environ, "PY": sys.executable}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(REPO / "build" / "pyinstaller"),
                    str(REPO / "installer" / "coffer.spec")], check=True, cwd=REPO, env=env,
                   timeout=1800)
    subprocess.run(["sh", str(REPO / "installer" / "linux" / "package.sh")], check=True,
                   cwd=REPO, env=env, timeout=600)
    return APP


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "VIRTUAL_ENV", "QT_", "COFFER_", "LD_"))}
    env.update(COFFER_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def _size(path: Path) -> int:
    files = {(p.stat().st_dev, p.stat().st_ino): p.stat().st_size for p in path.rglob("*")
             if p.is_file() and not p.is_symlink()}  # hard links once
    return sum(files.values())


def test_bundle_contents(bundle: Path) -> None:
    internal = bundle / "_internal"
    model = internal / "models" / bs.default_model_entry()["file"]
    assert bs.sha256_file(model) == bs.default_model_entry()["sha256"]
    assert (internal / "models" / "manifest.toml").is_file()
    # the OCR models are Coffer's half-precision copies, each as the manifest lists it; the
    # wheel's float32 copies stay out
    from desktop_app.ingestion.ocr import model_paths

    ocr_models = model_paths(internal / "models" / "manifest.toml")
    assert sorted(ocr_models) == ["cls_model_path", "det_model_path", "rec_keys_path", "rec_model_path"], ocr_models
    assert not list((internal / "rapidocr_onnxruntime").rglob("*.onnx"))
    assert (internal / "resources" / "ocr" / "terms.txt").is_file()  # the word list's medical terms
    assert (internal / "rapidocr_onnxruntime" / "config.yaml").is_file()
    assert (internal / "llama_cpp" / "lib" / "libllama.so").is_file()
    assert list((internal / "pypdfium2_raw").glob("libpdfium*"))
    assert list(internal.glob("_pi_heif*"))  # HEIC photos are offered in "Open with"
    platforms = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "platforms").iterdir()}
    assert {"libqxcb.so", "libqoffscreen.so", "libqwayland.so"} <= platforms
    assert "libqvnc.so" not in platforms
    # the window decodes only PNG (QtGui's own); SVG stays for icon themes
    imageformats = {p.name for p in (internal / "PySide6" / "Qt" / "plugins" / "imageformats").iterdir()}
    assert imageformats == {"libqsvg.so"}, imageformats
    # a widget window on Wayland needs the platform plugin and the desktop shell, no GL parts
    qt_plugins = internal / "PySide6" / "Qt" / "plugins"
    assert [p.name for p in (qt_plugins / "wayland-shell-integration").iterdir()] == ["libxdg-shell.so"]
    assert not (qt_plugins / "wayland-graphics-integration-client").exists()
    assert not list(internal.rglob("libQt6OpenGL*"))
    names = {p.name for p in internal.rglob("*")}
    assert not {"pytest", "_pytest", "hypothesis", "tests", "torch", "transformers",
                "huggingface_hub", "docx", "lxml", "coloredlogs"} & names
    assert not [n for n in names if n.startswith(("libQt6Network", "libQt6WebEngine", "libQt6Qml"))]
    if bs.opencv_module():  # the slim OpenCV: none of the wheel's Qt 5, FFmpeg, OpenBLAS
        assert not [n for n in names if n.startswith(("opencv_python", "libQt5", "libavcodec"))]
    # the size trims of installer/README.md: each one that was built is in the bundle
    if bs.icu_data_library():
        assert (internal / "PySide6" / "Qt" / "lib" / bs.icu_data_library().name).stat().st_size < 10e6
    if bs.numpy_dist():
        assert not [n for n in names if n.startswith(("numpy.libs", "libscipy_openblas", "libgfortran"))]
    assert not [n for n in names if n.startswith(("shapely.libs", "libgeos", "libcups.so", "libgnutls",
                                                  "libssl", "libunistring", "libp11-kit"))]
    # numpy's lazily imported parts, Python's sqlite3 (diskcache is the bundle's shim), readline
    assert not [n for n in names if n.startswith(("libsqlite3", "libreadline", "_psutil"))]
    assert not [p.name for p in internal.glob("python3.*/lib-dynload/*")
                if p.name.startswith(("_sqlite3.", "readline."))]
    assert sorted(p.name for p in (internal / "numpy").iterdir() if p.is_dir()) == ["_core", "linalg"]
    assert list(internal.glob("numpy-*.dist-info/licenses/LICENSE.txt"))  # NOTICE.txt points there
    if bs.sqlcipher_module():  # linked against the bundle's libcrypto, no OpenSSL of its own
        assert (internal / "sqlcipher3" / bs.sqlcipher_module().name).stat().st_size < 4e6
        assert (internal / "libcrypto.so.3").is_file()
    for libxau in (internal / "pillow.libs").glob("libXau-*"):  # Pillow's padded copy shared
        assert libxau.is_symlink() and libxau.resolve() == (internal / "libXau.so.6").resolve()
    variants = sorted(p.name for p in (internal / "llama_cpp" / "lib").glob("libggml-cpu-*"))
    if variants:
        assert variants == [f"libggml-cpu-{level}.so" for level in (
            "haswell", "sandybridge", "sse42", "x64")], variants
    assert (bundle / "coffer-gui").samefile(bundle / "coffer")  # one file, two names
    for sample in ("receipt-hardware.txt",):
        assert (internal / "resources" / "samples" / sample).is_file()
    tarballs = list(DIST.glob(f"Coffer-{bs.version()}-linux-*.tar.gz"))
    assert tarballs
    print(f"\nbundle {_size(bundle) / 1e6:.0f} MB unpacked; {tarballs[0].name} "
          f"{tarballs[0].stat().st_size / 1e6:.0f} MB")


def test_bundle_version(bundle: Path, tmp_path: Path) -> None:
    run = subprocess.run([str(bundle / "coffer"), "--version"], capture_output=True, text=True,
                         env=_clean_env(tmp_path), timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"Coffer {bs.version()}"


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def test_self_test_without_network(bundle: Path, tmp_path: Path) -> None:
    if not _unshare_works():
        pytest.skip("unshare -n is not available here (needs root or user namespaces)")
    started = time.perf_counter()
    run = subprocess.run(["unshare", "-n", str(bundle / "coffer"), "--self-test"],
                         capture_output=True, text=True, env=_clean_env(tmp_path), timeout=900)
    took = time.perf_counter() - started
    assert run.returncode == 0, run.stdout + run.stderr
    assert "self-test: OK" in run.stdout
    print(f"\n{run.stdout.strip()}\n(self-test wall time {took:.1f} s)")


def test_gui_starts_offscreen(bundle: Path, tmp_path: Path) -> None:
    proc = subprocess.Popen([str(bundle / "coffer-gui")], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_clean_env(tmp_path))
    try:
        time.sleep(8)
        assert proc.poll() is None, f"the window exited early ({proc.returncode})"
    finally:
        out, err = stop(proc)
    for bad in ("Traceback", "could not load the Qt platform plugin", "ModuleNotFoundError",
                "cannot open shared object"):
        assert bad.lower() not in (out + err).lower(), out + err



def test_second_launch_hands_over_and_exits(bundle: Path, tmp_path: Path) -> None:
    """"Open with Coffer" while Coffer is open: the bundle's second coffer-gui hands its file to
    the first window through desktop_app/system/single_instance.py and exits at once."""
    home = tmp_path / "home"
    env = _clean_env(home)
    from desktop_app.system.paths import app_paths
    from desktop_app.system.single_instance import InstanceLink

    paths = app_paths({"COFFER_HOME": str(home)})
    sock = Path(InstanceLink(paths).address)
    letter = tmp_path / "zq-lab-letter.txt"
    letter.write_text("SHOP\nTOTAL 9.00\n", encoding="utf-8")
    first = subprocess.Popen([str(bundle / "coffer-gui")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert wait_for(sock, first), "the first window never started listening"
        started = time.monotonic()
        second = subprocess.run([str(bundle / "coffer-gui"), str(letter)], capture_output=True,
                                text=True, env=env, timeout=60)
        took = time.monotonic() - started
        assert second.returncode == 0, second.stdout + second.stderr
        assert took < 20
        assert first.poll() is None  # the first window is still there
        log = (paths.logs / "coffer.log").read_text(encoding="utf-8")
        assert "another launch handed over 1 file(s)" in log
        print(f"\nsecond launch handed over and exited in {took:.2f} s")
    finally:
        out, err = stop(first)
    assert "Traceback" not in out + err


FORMATS = [REPO / "tests" / "fuzz" / "corpus" / name for name in (
    "receipt.txt", "receipt.docx", "receipt.pdf", "scan-only.pdf", "rotated.pdf", "receipt.png",
    "receipt.jpg", "receipt.tiff", "receipt.webp", "receipt.bmp", "receipt.gif")] + [
    REPO / "tests" / "ingestion" / "data" / "receipt.heic"]


def _extract_json(cmd: list[str], home: Path) -> list[dict]:
    import json

    run = subprocess.run([*cmd, "extract", "--no-model", "--json", *map(str, FORMATS)],
                         capture_output=True, text=True, env=_clean_env(home), timeout=900,
                         cwd=REPO)
    assert run.returncode == 0, run.stdout + run.stderr

    def clean(value):  # everything but the clocks
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if k not in ("seconds", "timings")}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return clean(json.loads(run.stdout))


def test_bundle_reads_every_format_like_the_checkout(bundle: Path, tmp_path: Path) -> None:
    """Text, Word, PDF (text layer, scan, rotated), every picture format through OCR, HEIC:
    the bundle (its own OpenCV, NumPy, Pillow, stripped libraries) gives the checkout's answer."""
    frozen = _extract_json([str(bundle / "coffer")], tmp_path / "frozen")
    checkout = _extract_json([sys.executable, "-m", "desktop_app"], tmp_path / "checkout")
    assert [d["file"] for d in frozen] == [str(p) for p in FORMATS]
    assert not [d for d in frozen if "error" in d], [d for d in frozen if "error" in d]
    for got, want in zip(frozen, checkout, strict=True):
        assert got == want, got["file"]
