"""K10 process hardening: after startup no core dumps (RLIMIT_CORE == (0, 0)) and, on Linux,
not dumpable (PR_GET_DUMPABLE == 0), so another process of the same user cannot read this one's
memory (/proc/<pid>/mem, environ) where the vault key and document text live."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux-only")

REPORT = textwrap.dedent("""
    import ctypes, resource, sys
    libc = ctypes.CDLL(None)
    print("CORE", resource.getrlimit(resource.RLIMIT_CORE))
    print("DUMPABLE", libc.prctl(3, 0, 0, 0, 0))
""")


def _python(code: str, *, env: dict[str, str] | None = None, timeout: float = 120) -> str:
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, **(env or {})}, timeout=timeout, cwd=str(REPO))
    assert run.returncode == 0, run.stderr
    return run.stdout


@linux_only
def test_harden_process_sets_both_limits() -> None:
    out = _python("from desktop_app.system.hardening import harden_process\n"
                  "assert harden_process() == {'core_dumps': 'ok', 'dumpable': 'ok'}\n" + REPORT)
    assert "CORE (0, 0)" in out and "DUMPABLE 0" in out


@linux_only
def test_negative_control_a_plain_process_is_dumpable() -> None:
    out = _python(REPORT)
    assert "DUMPABLE 1" in out


@linux_only
def test_cli_entry_point_is_hardened(tmp_path: Path) -> None:
    """desktop_app.main.main() (the `coffer` command) hardens first thing."""
    code = ("import sys\nfrom desktop_app.main import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n" + REPORT)
    out = _python(code, env={"COFFER_HOME": str(tmp_path)})
    assert "CORE (0, 0)" in out and "DUMPABLE 0" in out


@linux_only
def test_gui_entry_point_is_hardened(tmp_path: Path) -> None:
    """`coffer-gui` runs desktop_app.main:gui_main → gui.app.run_app, which skips main(). Found
    by this test (issue 9), fixed in 6c262a9."""
    code = ("import sys, desktop_app.gui.app as gapp\n"
            "def stop(*a, **k):\n" + textwrap.indent(REPORT, "    ") + "    raise SystemExit(0)\n"
            "gapp.make_application = stop\n"
            "from desktop_app.main import gui_main\n"
            "try:\n    gui_main()\nexcept SystemExit:\n    pass\n")
    out = _python(code, env={"COFFER_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"})
    assert "CORE (0, 0)" in out and "DUMPABLE 0" in out


SLEEPER = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    if {harden}:
        from desktop_app.system.hardening import harden_process
        harden_process()
    print("ready", flush=True)
    time.sleep(30)
""")
PEEK = textwrap.dedent("""
    import sys
    pid = sys.argv[1]
    for name in ("environ", "mem"):
        try:
            with open(f"/proc/{pid}/{name}", "rb") as fh:
                fh.read(16) if name == "environ" else None
            print(name, "readable")
        except OSError as exc:
            print(name, "denied", exc.errno)
""")


def _peek(harden: bool) -> str:
    """A hardened (or not) process and a sibling of the same non-root user that peeks at it.
    Root passes every ptrace check, so both run as 'nobody' via setpriv."""
    drop = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    target = subprocess.Popen([*drop, "/usr/bin/python3", "-c",
                               SLEEPER.format(repo=str(REPO), harden=harden)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert target.stdout is not None
        assert target.stdout.readline().strip() == "ready"
        time.sleep(0.1)
        peek = subprocess.run([*drop, "/usr/bin/python3", "-c", PEEK, str(target.pid)],
                              capture_output=True, text=True, timeout=30)
        return peek.stdout
    finally:
        target.kill()
        target.wait()


@linux_only
@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("setpriv") or not Path("/usr/bin/python3").exists(),
                    reason="needs root (to run two processes as 'nobody'), setpriv and /usr/bin/python3")
def test_sibling_of_the_same_user_cannot_read_a_hardened_process() -> None:
    if not os.access(REPO / "desktop_app" / "system" / "hardening.py", os.R_OK):
        pytest.skip("the checkout is not readable")
    open_ = _peek(harden=False)
    if "environ readable" not in open_:
        pytest.skip(f"this kernel already hides /proc/<pid>/environ from siblings: {open_!r}")
    hardened = _peek(harden=True)
    assert "environ denied" in hardened and "mem denied" in hardened, hardened
