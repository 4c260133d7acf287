"""N2/N6 end to end, E1/E10 on the way: the whole CLI scenario (add a text receipt, a PDF invoice
and a scan that needs OCR → real-model extraction → search → show → export) run normally, and
again inside an empty network namespace under strace. Same transcript; zero AF_INET/AF_INET6
sockets in any process; no document text in logs, stderr, temp or data dirs. Negative controls
prove the harness would see a socket and the namespace would stop it.

tests/e2e/test_cli_extract.py already compares `coffer extract` with and without a network; this
covers the vault path (add/search/show/export), OCR, the GUI and the strace evidence."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.privacy import nettrace
from tests.storage.vault_testkit import canary_needles, scan_tree

pytestmark = [pytest.mark.model, pytest.mark.netns]

REPO = Path(__file__).resolve().parents[2]
NEEDS_ROOT = pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root here")
# Values that occur only in the scenario's documents (see scenario.py).
CANARIES = ("ZQX-PRIV-5521", "HARBOUR LIGHT GROCERS", "Sourdough loaf", "Priya Raman",
            "FH-2024-0788", "GB29NWBK60161331926819", "Tomas Okafor")


def _scenario_cmd(work: Path, model: Path) -> list[str]:
    return [sys.executable, "-m", "tests.privacy.scenario", str(work), str(model)]


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO)
    return env


def _both(root: Path, model: Path) -> tuple[tuple[Path, str], tuple[Path, nettrace.Trace, bool]]:
    """The normal run and the offline run (empty network namespace if possible, strace if
    present) side by side: both see the same code even while the shared checkout changes."""
    netns = os.geteuid() == 0 and nettrace.netns_available()
    traced = nettrace.strace_available()
    if not netns and not traced:
        pytest.skip("neither a network namespace nor strace is available here")
    a, b = root / "normal", root / "offline"
    a.mkdir()
    b.mkdir()
    log = b / "strace.log"
    offline = subprocess.Popen(nettrace.command(_scenario_cmd(b, model), log=log, strace=traced, netns=netns),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
                               cwd=str(REPO))
    normal = subprocess.run(_scenario_cmd(a, model), capture_output=True, text=True, env=_env(),
                            cwd=str(REPO), timeout=900)
    out, err = offline.communicate(timeout=900)
    assert normal.returncode == 0, normal.stderr[-3000:]
    assert offline.returncode == 0, err[-3000:]
    return (a, normal.stdout), (b, nettrace.collect(offline.returncode, out, err, log), traced)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, model_path: Path):
    first = _both(tmp_path_factory.mktemp("scenario"), model_path)
    if first[0][1] != first[1][1].stdout:
        # Someone else may have changed the code under the two runs; one more pair decides.
        return _both(tmp_path_factory.mktemp("scenario-again"), model_path)
    return first


@pytest.fixture(scope="module")
def normal_run(runs) -> tuple[Path, str]:
    return runs[0]


@pytest.fixture(scope="module")
def offline_run(runs) -> tuple[Path, nettrace.Trace, bool]:
    return runs[1]


def test_scenario_did_the_whole_job(normal_run: tuple[Path, str]) -> None:
    _work, out = normal_run
    assert "TRACEBACK" not in out
    assert out.count("exit 0") == out.count("$ coffer"), out[:3000]
    assert "harbour-receipt.txt: added as receipt" in out
    assert "fenwick-invoice.pdf: added as invoice" in out
    assert "westbridge-lab-scan.png: added as lab_report" in out  # read by OCR
    search_ocr = out.split("$ coffer search Okafor", 1)[1].split("$ coffer", 1)[0]
    assert "westbridge-lab-scan.png" in search_ocr and "harbour" not in search_ocr
    assert "--- invoice.csv" in out and "GB29NWBK60161331926819" in out


@NEEDS_ROOT
def test_offline_transcript_is_identical(normal_run: tuple[Path, str],
                                         offline_run: tuple[Path, nettrace.Trace, bool]) -> None:
    """N2: without any network the app produces exactly the same results."""
    _, normal = normal_run
    _, trace, _ = offline_run
    assert os.geteuid() == 0 and nettrace.netns_available(), "the offline run had a network"
    assert trace.stdout == normal


def test_no_internet_socket_in_any_process(offline_run: tuple[Path, nettrace.Trace, bool]) -> None:
    """N2: zero AF_INET/AF_INET6 socket/connect/bind/sendto/sendmsg in the scenario and every
    process it started (CLI runs, the parse/OCR sandbox workers, llama.cpp threads)."""
    work, trace, traced = offline_run
    if not traced:
        pytest.skip("strace is not installed (apt-get install strace)")
    assert (work / "strace.log").exists()
    # The trace really covered the children: the scenario, 11 CLI runs, the sandboxed readers.
    pythons = [e for e in trace.execs if "python" in e]
    assert len(pythons) >= 12, trace.execs
    assert sum("desktop_app.ingestion.sandbox" in e or "ingestion" in e for e in trace.execs) >= 3
    assert trace.inet == [], "\n".join(trace.inet[:20])
    assert not (trace.families & {"AF_INET", "AF_INET6"})
    print(f"\nstrace: {len(trace.execs)} execs, {len(trace.calls)} network calls, families "
          f"{sorted(trace.families)}, AF_INET/AF_INET6 sockets: {len(trace.inet_sockets)}")


GRANDCHILD = textwrap.dedent("""
    import subprocess, sys
    code = ("import socket\\n"
            "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\\n"
            "try:\\n    s.connect(('192.0.2.1', 443))\\n"
            "except OSError as e:\\n    print('connect failed', e.errno)\\n"
            "else:\\n    print('connected')\\n")
    subprocess.run([sys.executable, '-c', code], check=True, timeout=30)
""")


def test_negative_control_harness_catches_a_grandchild_socket(tmp_path: Path) -> None:
    """N6: the same harness, on a program whose grandchild opens an AF_INET socket, must see it."""
    if not nettrace.strace_available():
        pytest.skip("strace is not installed")
    netns = os.geteuid() == 0 and nettrace.netns_available()
    trace = nettrace.run([sys.executable, "-c", GRANDCHILD], log=tmp_path / "strace.log",
                         netns=netns, timeout=60)
    assert trace.returncode == 0, trace.stderr
    assert len(trace.inet_sockets) == 1, trace.calls
    assert any("connect(" in c and "192.0.2.1" in c for c in trace.inet)
    if netns:  # and inside the namespace the connection cannot go anywhere
        assert "connect failed" in trace.stdout


@NEEDS_ROOT
def test_negative_control_namespace_has_no_route(tmp_path: Path) -> None:
    """The namespace really is offline: a connect to a public address fails at once."""
    if not nettrace.netns_available():
        pytest.skip("network namespaces are not available")
    trace = nettrace.run([sys.executable, "-c", GRANDCHILD], log=tmp_path / "x.log",
                         strace=False, netns=True, timeout=60)
    assert "connect failed" in trace.stdout and "connected" not in trace.stdout.replace("connect failed", "")


def _hits(paths: list[Path], canary: str) -> list[str]:
    needles = canary_needles(canary)
    found = []
    for p in paths:
        data = p.read_bytes()
        found += [f"{p.name}: {n[:16]!r}" for n in needles if n in data]
    return found


NETWORK_MODULES = ("requests", "httpx", "urllib3", "aiohttp", "huggingface_hub", "http.client",
                   "urllib.request", "ftplib", "smtplib", "websocket", "websockets", "xmlrpc.client",
                   "PySide6.QtNetwork", "PySide6.QtWebEngineCore", "transformers", "torch")
# N4's justification list: network-capable modules that ARE loaded, why, and why it is harmless.
JUSTIFIED = {
    "http.client": "keyring imports jaraco.context, whose unused tarball() helper imports "
                   "urllib.request (and so http.client); nothing calls it: strace shows no socket",
    "urllib.request": "same (keyring → jaraco.context)",
}


def test_no_network_client_module_is_loaded_without_a_justification(normal_run: tuple[Path, str]) -> None:
    """N4 at run time (the AST scan in tests/unit/test_architecture.py is the static half): what
    the scenario's CLI processes really imported, directly or through dependencies."""
    work, _ = normal_run
    dumps = sorted((work / "modules").glob("*.txt"))
    assert len(dumps) >= 11, dumps
    loaded = set().union(*(p.read_text().split() for p in dumps))
    assert "desktop_app.core.extraction" in loaded and "llama_cpp" in loaded  # it did load the app
    found = sorted(m for m in loaded if m in NETWORK_MODULES or m.split(".")[0] in NETWORK_MODULES)
    assert [m for m in found if m not in JUSTIFIED] == []
    if "urllib.request" in found:
        assert "jaraco.context" in loaded  # the justification still holds


def test_logs_and_stderr_hold_no_document_text(normal_run: tuple[Path, str]) -> None:
    """E10: every CLI call ran with all loggers at DEBUG (the app's log file and a stderr handler
    for third-party loggers) and faulthandler on; neither holds a canary, raw/UTF-16LE/base64."""
    work, _ = normal_run
    logs = sorted((work / "home" / "logs").rglob("*"))
    stderr = sorted((work / "stderr").glob("*.txt"))
    assert stderr and any(p.name.startswith("coffer.log") for p in logs)
    assert any("DEBUG" in p.read_text() for p in stderr)  # the DEBUG level really was on
    files = [p for p in logs + stderr if p.is_file()]
    for canary in CANARIES:
        assert _hits(files, canary) == [], canary


def test_data_dirs_and_temp_hold_no_plaintext(normal_run: tuple[Path, str],
                                              offline_run: tuple[Path, nettrace.Trace, bool]) -> None:
    """E1-style: after the full cycle, nothing under COFFER_HOME (vault, WAL, key info, settings,
    logs, cache) nor the run's TMPDIR/SQLITE_TMPDIR holds a canary. Only the exported CSVs (a
    path the person chose) do; no llama.cpp state/cache dir appears anywhere (E10)."""
    for work in (normal_run[0], offline_run[0]):
        for canary in CANARIES:
            assert scan_tree(work / "home", canary) == [], canary
            assert scan_tree(work / "tmp", canary) == [], canary
        assert any(scan_tree(work / "out", c) for c in CANARIES)  # positive control: exports do
        assert not list(work.rglob("*.llama_state")) and not list(work.rglob("llama_cpp"))
        assert not (work / ".cache").exists()


@NEEDS_ROOT
def test_gui_offscreen_offline_and_traced(tmp_path: Path, model_path: Path) -> None:
    """N2 for the window: the real GUI, offscreen, in an empty network namespace under strace:
    first-run vault, drop a scan (OCR) and a receipt, real-model extraction, search; no
    AF_INET/AF_INET6 socket anywhere (Qt, fonts, D-Bus probing, workers)."""
    from tests.privacy.scenario import LAB_SCAN, RECEIPT, scan_png

    papers = tmp_path / "papers"
    papers.mkdir()
    (papers / "harbour-receipt.txt").write_text(RECEIPT, encoding="utf-8")
    scan_png(LAB_SCAN, papers / "westbridge-lab-scan.png")
    env = _env()
    user_home = tmp_path / "user"  # the person's HOME: Qt, fontconfig and XDG files land here
    (user_home / ".local" / "share").mkdir(parents=True)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env.update(COFFER_HOME=str(tmp_path / "home"), COFFER_KDF_SECONDS="0", HOME=str(user_home),
               QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp))
    for name in ("COFFER_PASSPHRASE", "COFFER_NEW_PASSPHRASE", "COFFER_RECOVERY_KEY",
                 "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR"):
        env.pop(name, None)
    traced = nettrace.strace_available()
    trace = nettrace.run([sys.executable, "-m", "tests.privacy.gui_driver", str(papers), str(model_path)],
                         log=tmp_path / "gui-strace.log", strace=traced,
                         netns=nettrace.netns_available(), env=env, cwd=str(REPO), timeout=600)
    assert trace.returncode == 0, trace.stdout + trace.stderr[-3000:]
    assert "harbour-receipt.txt\tdone\treceipt" in trace.stdout
    assert "westbridge-lab-scan.png\tdone\tlab_report" in trace.stdout
    assert "search Okafor: ['westbridge-lab-scan.png']" in trace.stdout
    if traced:
        assert trace.inet == [], "\n".join(trace.inet[:20])
        print(f"\nGUI strace: {len(trace.execs)} execs, {len(trace.calls)} network calls, families "
              f"{sorted(trace.families)}, AF_INET/AF_INET6 sockets: {len(trace.inet_sockets)}")
    # E1/E12 for the window: nothing readable about the papers in the data dirs, the person's
    # HOME (Qt/XDG/fontconfig files, window.ini, recently-used.xbel, thumbnails) or TMPDIR.
    for canary in ("Tomas Okafor", "HARBOUR LIGHT GROCERS", "ZQX-PRIV-5521", "westbridge-lab-scan"):
        for root in (tmp_path / "home", user_home, tmp):
            assert scan_tree(root, canary) == [], (root, canary)
    assert not (user_home / ".local" / "share" / "recently-used.xbel").exists()
    assert not (user_home / ".cache" / "thumbnails").exists()
