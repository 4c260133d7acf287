"""The size trims of the Linux bundle (issue 8): the ICU data filter, NumPy without OpenBLAS,
the Shapely shim, the llama.cpp CPU variants and host libraries left out of coffer.spec."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"
sys.path.insert(0, str(INSTALLER))
import build_icu_dist as icu  # noqa: E402
import build_support as bs  # noqa: E402

SPEC = (INSTALLER / "coffer.spec").read_text("utf-8")


# --- ICU --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name, size", [
    ("coll/root.res", 300_000), ("coll/ucadata.icu", 570_000), ("coll/de.res", 2_000),
    ("coll/zh.res", 712_000), ("coll/sv.res", 35_000), ("cnvalias.icu", 64_000),
    ("ibm-5348_P100-1997.cnv", 3_200), ("gb18030.cnv", 232_816), ("euc-jp-2007.cnv", 97_280),
    ("ibm-1386_P100-2001.cnv", 116_704), ("zoneinfo64.res", 151_000), ("metaZones.res", 43_000),
    ("zone/en.res", 40_000), ("zone/root.res", 20_000), ("root.res", 106_000),
    ("likelySubtags.res", 268_000), ("nfkc.nrm", 55_000)])
def test_icu_filter_keeps_what_qt_uses(name: str, size: int) -> None:
    assert icu.keep(name, size)


@pytest.mark.parametrize("name, size", [
    ("brkitr/word.brk", 20_000), ("brkitr/cjdict.dict", 2_000_000), ("unit/de.res", 30_000),
    ("curr/fr.res", 20_000), ("lang/de.res", 30_000), ("translit/root.res", 100_000),
    ("rbnf/en.res", 10_000), ("unames.icu", 296_000), ("de.res", 40_000),
    ("zone/de.res", 40_000), ("region/fr.res", 10_000), ("euc-tw-2014.cnv", 545_632),
    ("icu-internal-compound-t.cnv", 320_944), ("ibm-1390_P110-2003.cnv", 167_104)])
def test_icu_filter_drops_the_rest(name: str, size: int) -> None:
    assert not icu.keep(name, size)


_PROBE = r"""
import json
from PySide6.QtCore import QBuffer, QByteArray, QCollator, QDate, QDateTime, QLocale, QTime
from PySide6.QtCore import QTimeZone, QXmlStreamReader
words = ["zebra", "Äpfel", "apple", "Ångström", "öl", "Ost", "ñandu", "nube", "İstanbul", "iz",
         "北京", "上海", "東京", "한국", "가방", "Ωμέγα", "ёж", "еда", "a10", "a9"]
out = {loc: sorted(words, key=QCollator(QLocale(loc)).sortKey)
       for loc in ("en_US", "de_DE", "sv_SE", "es_ES", "tr_TR", "zh_CN", "ja_JP", "ko_KR")}
when = QDateTime(QDate(2024, 7, 1), QTime(12, 0))
out["tz"] = [QTimeZone(z).offsetFromUtc(when) for z in (b"Europe/Berlin", b"Asia/Kolkata")]
out["tzname"] = QTimeZone(b"Europe/Berlin").displayName(QTimeZone.StandardTime,
                                                         QTimeZone.LongName, QLocale("en_US"))
out["upper"] = QLocale("tr_TR").toUpper("istanbul")
text = {}
for codec, python in (("windows-1251", "cp1251"), ("Shift_JIS", "shift_jis"), ("GBK", "gbk"),
                      ("Big5", "big5"), ("EUC-KR", "euc_kr"), ("ISO-8859-2", "iso8859_2")):
    sample = {"cp1251": "Россия", "iso8859_2": "Łódź"}.get(python, "日本")
    buf = QBuffer()
    buf.setData(QByteArray(f'<?xml version="1.0" encoding="{codec}"?><a>'.encode()
                           + sample.encode(python) + b"</a>"))
    buf.open(QBuffer.ReadOnly)
    reader, got = QXmlStreamReader(buf), ""
    while not reader.atEnd():
        reader.readNext()
        if reader.isCharacters():
            got += reader.text()
    text[codec] = got
out["decode"] = text
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _probe(library_dir: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LD_")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    if library_dir is not None:
        env["LD_LIBRARY_PATH"] = str(library_dir)  # before libicuuc's $ORIGIN run path
    run = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux") or not shutil.which("icupkg")
                    or not shutil.which("genccode") or not shutil.which("cc"),
                    reason="needs Linux, icupkg/genccode (icu-devtools) and a C compiler")
def test_trimmed_icu_answers_like_the_full_one(tmp_path: Path) -> None:
    """Collation in eight languages, time zones, Turkish upper case and six legacy encodings:
    Qt gives the same answers with the trimmed data library as with PySide6's full one."""
    library = icu.build(out=tmp_path)
    assert library.stat().st_size < 10_000_000 < icu.qt_icudata().stat().st_size
    items = (tmp_path / "items.txt").read_text().split()
    assert "coll/root.res" in items and not [i for i in items if i.startswith("brkitr/")]
    full, trimmed = _probe(None), _probe(tmp_path)
    assert trimmed == full
    assert full["de_DE"].index("Äpfel") < full["de_DE"].index("zebra")  # not code-point order
    assert full["decode"]["windows-1251"] == "Россия"


# --- NumPy ------------------------------------------------------------------------------------

def test_swap_numpy_takes_every_module_from_the_slim_build(tmp_path: Path) -> None:
    site, slim = tmp_path / "site", tmp_path / "slim"
    for root in (site, slim):
        (root / "numpy" / "_core").mkdir(parents=True)
        (root / "numpy" / "_core" / "_multiarray_umath.so").write_bytes(b"\x7fELF" + root.name.encode())
        (root / "numpy" / "__config__.py").write_text(f"# {root.name}\n")
    binaries = [
        ("numpy/_core/_multiarray_umath.so", str(site / "numpy/_core/_multiarray_umath.so"), "EXTENSION"),
        ("numpy.libs/libscipy_openblas64_-x.so", str(site / "numpy.libs/libscipy_openblas64_-x.so"), "BINARY"),
        ("libscipy_openblas64_-x.so", "numpy.libs/libscipy_openblas64_-x.so", "SYMLINK"),
        ("libz.so.1", "/usr/lib/libz.so.1", "BINARY"),
    ]
    pure = [("numpy.__config__", str(site / "numpy/__config__.py"), "PYMODULE"),
            ("json", "/usr/lib/python3/json/__init__.py", "PYMODULE")]
    new_binaries, new_pure = bs.swap_numpy(binaries, pure, slim, site)
    assert new_binaries == [
        ("numpy/_core/_multiarray_umath.so", str(slim / "numpy/_core/_multiarray_umath.so"), "EXTENSION"),
        ("libz.so.1", "/usr/lib/libz.so.1", "BINARY")]
    assert new_pure == [("numpy.__config__", str(slim / "numpy/__config__.py"), "PYMODULE"), pure[1]]
    # a slim build without one of the installed modules is refused, not shipped half-swapped
    (slim / "numpy" / "_core" / "_multiarray_umath.so").unlink()
    with pytest.raises(SystemExit, match="_multiarray_umath"):
        bs.swap_numpy(binaries, pure, slim, site)


def test_numpy_dist_needs_the_installed_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    (tmp_path / "numpy").mkdir()
    (tmp_path / "numpy" / "__init__.py").write_text("")
    monkeypatch.setenv("COFFER_NUMPY_DIR", str(tmp_path))
    assert bs.numpy_dist() is None  # no VERSION: not known to match
    (tmp_path / "VERSION").write_text("0.0.1\n")
    assert bs.numpy_dist() is None
    (tmp_path / "VERSION").write_text(metadata.version("numpy") + "\n")
    assert bs.numpy_dist() == tmp_path
    monkeypatch.setenv("COFFER_NUMPY_DIR", "")
    assert bs.numpy_dist() is None


def test_spec_warns_or_refuses_without_the_slim_builds() -> None:
    for needed in ("bs.numpy_dist()", "bs.swap_numpy(", "bs.icu_data_library()",
                   "installer/build_numpy_dist.sh", "installer/build_icu_dist.py"):
        assert needed in SPEC, needed
    # each trim's fallback refuses a release build (COFFER_RELEASE) instead of shipping fat
    for block in ("NUMPY_SLIM", "ICU_DATA", "SHAPELY_SHIM"):
        after = SPEC[SPEC.index(f"if {block}"):]
        assert "COFFER_RELEASE" in after[:after.index("print(f\"WARNING")], block


# --- Shapely shim -----------------------------------------------------------------------------

def test_rapidocr_uses_only_what_the_shapely_shim_covers() -> None:
    import rapidocr_onnxruntime

    assert bs.shapely_uses(Path(rapidocr_onnxruntime.__file__).parent) <= bs.SHAPELY_SHIM_COVERS


def test_shapely_uses_sees_more_than_area_and_length(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("from shapely.geometry import Polygon\n"
                                   "poly = Polygon(box)\nd = poly.area / poly.length\n"
                                   "b = Polygon(box).buffer(2)\nimport shapely.ops\n")
    assert bs.shapely_uses(tmp_path) == {
        "from shapely.geometry import Polygon", "Polygon.area", "Polygon.length",
        "Polygon.buffer", "import shapely.ops"}


def _shim_polygon():
    import importlib.util

    spec = importlib.util.spec_from_file_location("coffer_shapely_shim_geometry",
                                                  bs.SHAPELY_SHIM / "geometry.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.Polygon


def test_shapely_shim_gives_geos_floats() -> None:
    """Bit for bit the real Shapely's area and perimeter, on text-box-like quadrilaterals
    (float32 as RapidOCR's boxes, integers) and on other simple polygons."""
    np = pytest.importorskip("numpy")
    real = pytest.importorskip("shapely.geometry").Polygon
    shim = _shim_polygon()
    rng = np.random.default_rng(8)
    for i in range(20_000):
        if i % 3 == 0:
            cx, cy, w, h, turn = *rng.uniform(0, 3000, 2), *rng.uniform(1, 800, 2), rng.uniform(-1.6, 1.6)
            c, s = np.cos(turn), np.sin(turn)
            box = (np.array([[-w, -h], [w, -h], [w, h], [-w, h]]) / 2 @ [[c, s], [-s, c]]
                   + [cx, cy]).astype(np.float32)
        elif i % 3 == 1:
            box = rng.integers(0, 5000, (4, 2))
        else:
            box = rng.uniform(-1e3, 1e5, (rng.integers(3, 9), 2))
        assert (shim(box).area, shim(box).length) == (real(box).area, real(box).length), box.tolist()
    with pytest.raises(ValueError):
        shim([(0, 0), (1, 1)])


# --- what coffer.spec leaves out --------------------------------------------------------------

def test_llama_cpu_variants_left_out_have_a_kept_fallback() -> None:
    match = re.search(r"LLAMA_CPU_LEFT_OUT = \{.*?\((.*?)\)\}", SPEC, re.S)
    assert match
    left_out = set(re.findall(r'"(\w+)"', match[1]))
    # each level left out has a kept level below it that every such CPU runs (ggml loads the
    # best variant the CPU supports): AVX without FMA -> sandybridge, AVX-512/VNNI -> haswell
    falls_to = {"ivybridge": "sandybridge", "piledriver": "sandybridge", "skylakex": "haswell",
                "cannonlake": "haswell", "cascadelake": "haswell", "cooperlake": "haswell",
                "icelake": "haswell", "sapphirerapids": "haswell", "alderlake": "haswell",
                "zen4": "haswell"}
    assert left_out <= set(falls_to), left_out - set(falls_to)
    kept = {"x64", "sse42", "sandybridge", "haswell"}
    assert not left_out & kept
    assert {falls_to[level] for level in left_out} <= kept


def test_host_print_and_tls_libraries_stay_out() -> None:
    for pattern in ("libcups.so*", "libgnutls.so*", "libp11-kit.so*", "libunistring.so*",
                    "libkrb5.so*", "libgssapi_krb5.so*", "libavahi-client.so*"):
        assert f'"{pattern}"' in SPEC, pattern


def test_share_padded_libxau(tmp_path: Path) -> None:
    internal = tmp_path / "_internal"
    (internal / "pillow.libs").mkdir(parents=True)
    padded = internal / "pillow.libs" / "libXau-154567c4.so.6.0.0"
    padded.write_bytes(b"\x7fELF" + b"\0" * 2_000_000)
    assert bs.share_padded_libxau(internal, log=lambda _: None) == 0  # no shared copy: kept
    assert not padded.is_symlink()
    (internal / "libXau.so.6").write_bytes(b"\x7fELF small")
    assert bs.share_padded_libxau(internal, log=lambda _: None) == 2_000_004
    assert padded.is_symlink() and padded.read_bytes() == b"\x7fELF small"
    assert os.readlink(padded) == "../libXau.so.6"  # relative: the bundle can move
    assert bs.share_padded_libxau(internal, log=lambda _: None) == 0  # idempotent


def test_rapidocr_needs_no_opencv_codecs() -> None:
    """The slim OpenCV has no imgcodecs (installer/build_opencv_dist.sh): RapidOCR must keep
    opening pictures with Pillow; it may call imwrite/imread only in its drawing and __main__
    code, which Coffer never runs."""
    import rapidocr_onnxruntime

    script = (INSTALLER / "build_opencv_dist.sh").read_text("utf-8")
    assert 'BUILD_LIST="core,imgproc,python3,python_bindings_generator"' in script
    root = Path(rapidocr_onnxruntime.__file__).parent
    uses = {}
    for path in root.rglob("*.py"):
        text = path.read_text("utf-8")
        body = text.split('if __name__ == "__main__":')[0]
        found = set(re.findall(r"cv2\.(im(?:read|decode|write|encode)\w*)", body))
        if found:
            uses[str(path.relative_to(root))] = found
    assert uses == {"main.py": {"imwrite"}}, uses  # the visualisation (save_path) only
    assert "Image.open" in (root / "utils" / "load_image.py").read_text("utf-8")


# --- sqlcipher3 against the shared libcrypto (installer/build_sqlcipher_dist.sh) ---------------

_SQLCIPHER_PROBE = r"""
import json, sys
from pathlib import Path
import sqlcipher3
from desktop_app.storage import connection as vc
mode, folder, key = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
vault, plain = folder / "vault.db", folder / "passphrase.db"
canary = "CANARYsqlcipher7f3e"
out = {"module": sys.modules["sqlcipher3._sqlite3"].__file__}
if mode == "write":
    conn = vc.connect(vault, key, create=True)
    conn.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    conn.execute("CREATE VIRTUAL TABLE docs_fts USING fts5(body)")
    conn.execute("BEGIN")
    for i in range(2000):  # a few hundred pages, an FTS index and a WAL to carry them
        body = f"{canary} row {i} " + "x" * (i % 300)
        conn.execute("INSERT INTO docs (body) VALUES (?)", (body,))
        conn.execute("INSERT INTO docs_fts (body) VALUES (?)", (body,))
    conn.execute("COMMIT")
    conn.close()
    # SQLCipher's own key derivation (PBKDF2-HMAC-SHA512, 256,000 rounds) on a passphrase
    raw = sqlcipher3.connect(str(plain))
    raw.execute("PRAGMA key = 'correct horse battery staple'")
    raw.execute("CREATE TABLE t (v TEXT)")
    raw.execute("INSERT INTO t VALUES (?)", (canary,))
    raw.commit()
    raw.close()
elif mode == "read":
    conn = vc.connect(vault, key)
    out["rows"] = conn.execute("SELECT count(*), sum(length(body)) FROM docs").fetchone()
    out["fts"] = conn.execute("SELECT count(*) FROM docs_fts WHERE docs_fts MATCH 'row'").fetchone()
    vc.health_check(conn)
    out["cipher"] = {p: [r[0] for r in conn.execute(f"PRAGMA {p}").fetchall()]
                     for p in ("cipher_version", "cipher_provider", "cipher_provider_version",
                               "cipher_settings")}
    out["sqlite"] = conn.execute("SELECT sqlite_version()").fetchone()[0]
    out["options"] = [r[0] for r in conn.execute("PRAGMA compile_options").fetchall()]
    out["temp_store"] = conn.execute("PRAGMA temp_store").fetchone()[0]
    conn.close()
    raw = sqlcipher3.connect(str(plain))
    raw.execute("PRAGMA key = 'correct horse battery staple'")
    out["passphrase"] = raw.execute("SELECT v FROM t").fetchone()[0]
    raw.close()
    try:
        vc.connect(vault, "0" * 64)
        out["wrong_key"] = "opened"
    except Exception as exc:
        out["wrong_key"] = type(exc).__name__
    raw = sqlcipher3.connect(str(plain))
    raw.execute("PRAGMA key = 'wrong passphrase'")
    try:
        raw.execute("SELECT v FROM t").fetchone()
        out["wrong_passphrase"] = "opened"
    except sqlcipher3.DatabaseError as exc:
        out["wrong_passphrase"] = str(exc)
print(json.dumps(out))
"""


def _sqlcipher_probe(mode: str, folder: Path, key: str, module_dir: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LD_", "PYTHON"))}
    env["PYTHONPATH"] = os.pathsep.join([str(module_dir)] * bool(module_dir) + [str(REPO)])
    run = subprocess.run([sys.executable, "-c", _SQLCIPHER_PROBE, mode, str(folder), key],
                         capture_output=True, text=True, env=env, timeout=300, cwd=folder)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    if module_dir is not None:  # the slim module really is the one that ran
        assert Path(out["module"]).resolve().is_relative_to(module_dir.resolve()), out["module"]
    return out


@pytest.mark.skipif(bs.sqlcipher_module() is None,
                    reason="installer/build_sqlcipher_dist.sh has not been run")
def test_slim_sqlcipher_reads_and_writes_the_wheels_vaults(tmp_path: Path) -> None:
    """The bundle's sqlcipher3 (linked against the shared libcrypto) and the wheel's (static
    OpenSSL) open each other's vaults, raw-keyed as Coffer keys them and passphrase-keyed
    (PBKDF2), with the same SQLCipher, SQLite, compile options and cipher settings; a wrong
    key still fails and nothing is written in plain text."""
    slim = bs.sqlcipher_module()
    dist = slim.parent.parent
    assert slim.stat().st_size < 4_000_000
    deps = subprocess.run(["ldd", str(slim)], capture_output=True, text=True).stdout
    assert "libcrypto.so.3" in deps, deps
    key = "5c" * 32
    results = {}
    for writer, reader in ((None, dist), (dist, None), (dist, dist), (None, None)):
        folder = tmp_path / f"{bool(writer)}-{bool(reader)}"
        folder.mkdir()
        _sqlcipher_probe("write", folder, key, writer)
        for db in folder.iterdir():  # vault, its WAL, the passphrase database: no plain text
            data = db.read_bytes()
            assert b"CANARYsqlcipher7f3e" not in data and b"SQLite format 3" not in data[:16], db
        results[(writer, reader)] = got = _sqlcipher_probe("read", folder, key, reader)
        assert got["rows"][0] == 2000 and got["fts"] == [2000]
        assert got["passphrase"] == "CANARYsqlcipher7f3e"
        assert got["wrong_key"] != "opened" and "not a database" in got["wrong_passphrase"]
        assert got["temp_store"] == 2
    wheel, built = results[(dist, None)], results[(None, dist)]
    assert wheel["rows"] == built["rows"]
    assert wheel["wrong_key"] == built["wrong_key"]  # refused, and reported the same way
    assert wheel["sqlite"] == built["sqlite"]
    for name in ("cipher_version", "cipher_provider", "cipher_settings"):
        assert wheel["cipher"][name] == built["cipher"][name], name
    assert built["cipher"]["cipher_provider"] == ["openssl"]
    # the same compile options (TEMP_STORE=2, HAS_CODEC, FTS5 ...), only the compiler differs
    assert ({o for o in wheel["options"] if not o.startswith("COMPILER=")}
            == {o for o in built["options"] if not o.startswith("COMPILER=")})


def test_spec_swaps_sqlcipher_only_for_its_own_version(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from importlib import metadata

    (tmp_path / "sqlcipher3").mkdir()
    module = tmp_path / "sqlcipher3" / "_sqlite3.cpython-311-x86_64-linux-gnu.so"
    module.write_bytes(b"\x7fELF")
    monkeypatch.setenv("COFFER_SQLCIPHER_DIR", str(tmp_path))
    assert bs.sqlcipher_module() is None  # no VERSION: not known to match
    (tmp_path / "VERSION").write_text("0.0.1\n")
    assert bs.sqlcipher_module() is None
    (tmp_path / "VERSION").write_text(metadata.version("sqlcipher3") + "\n")
    assert bs.sqlcipher_module() == module
    monkeypatch.setenv("COFFER_SQLCIPHER_DIR", "")
    assert bs.sqlcipher_module() is None
    after = SPEC[SPEC.index("if SQLCIPHER_SLIM"):]
    assert "COFFER_RELEASE" in after[:after.index('print(f"WARNING')]


# --- diskcache shim and the modules left out --------------------------------------------------

def test_llama_cpp_uses_diskcache_only_for_the_disk_cache_coffer_never_makes() -> None:
    """llama-cpp-python touches diskcache only as diskcache.Cache(...) in LlamaDiskCache; Coffer
    never makes one (no prompt cache on disk), and the bundle's shim refuses to."""
    import ast
    import importlib.util

    import llama_cpp

    uses = set()
    for path in Path(llama_cpp.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and (
                    node.value.id == "diskcache"):
                uses.add(f"{path.name}:{node.attr}")
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("diskcache"):
                uses.add(f"{path.name}:from {node.module}")
    assert uses == {"llama_cache.py:Cache"}, uses
    for path in (REPO / "desktop_app").rglob("*.py"):
        text = path.read_text("utf-8")
        assert "LlamaDiskCache" not in text and "diskcache" not in text, path
    spec = importlib.util.spec_from_file_location("coffer_diskcache_shim",
                                                  bs.SHIMS / "diskcache" / "__init__.py")
    shim = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shim)
    with pytest.raises(RuntimeError, match="not part of Coffer's bundle"):
        shim.Cache(".cache/llama_cache")


def test_coffer_uses_no_numpy_part_the_bundle_leaves_out() -> None:
    """numpy.random, .fft, .polynomial, .testing and .matlib are not in the bundle (numpy
    imports them only on first use): Coffer's code must not reach for them (only a test
    helper of the adapter export, which the bundle cannot run without PyTorch, does)."""
    pattern = re.compile(r"\b(?:np|numpy)\.(random|fft|polynomial|testing|matlib)\b"
                         r"|from numpy(?:\.\w+)* import (?:random|fft|polynomial|testing|matlib)\b"
                         r"|import numpy\.(random|fft|polynomial|testing|matlib)\b")
    found = []
    for path in (REPO / "desktop_app").rglob("*.py"):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if pattern.search(line):
                found.append(f"{path.relative_to(REPO)}:{number}")
    assert found == ["desktop_app/teach/export.py:90"], found  # random_lora_state, for tests
    for name in ("numpy.random", "numpy.fft", "numpy.polynomial", "numpy.testing", "sqlite3",
                 "diskcache", "readline"):
        assert f'"{name}"' in SPEC, name


def test_qt_keeps_only_the_svg_image_plugin() -> None:
    """The window decodes PNG only (page pictures from the renderer, icons): QtGui's own.
    SVG stays for icon themes; the other plugins stay out of the bundle."""
    gui = "\n".join(p.read_text("utf-8") for p in (REPO / "desktop_app" / "gui").rglob("*.py"))
    assert "QImageReader" not in gui and "QMovie" not in gui and "QPixmap(" not in gui
    assert re.findall(r'QImage\.fromData\([^)]*\)', gui) == ['QImage.fromData(png, "PNG")']
    for name in ("gif", "icns", "ico", "jpeg", "tga", "tiff", "wbmp", "webp"):
        assert f'"{name}"' in SPEC[SPEC.index("imageformats/libq"):], name
    assert '"svg"' not in SPEC[SPEC.index("imageformats/libq"):SPEC.index("imageformats/libq") + 300]
