"""Two real launches of the desktop app on one vault: the second hands its file to the first
window and exits at once (what "Open with Coffer" does while Coffer is open)."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.system.paths import app_paths
from desktop_app.system.single_instance import InstanceLink
from tests.processes import stop, wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket checks")
LAUNCH = "from desktop_app.main import gui_main; import sys; sys.exit(gui_main(sys.argv[1:]))"


def _launch(home: Path, *files: Path) -> subprocess.Popen:
    env = {**os.environ, "COFFER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-c", LAUNCH, *map(str, files)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_a_second_launch_hands_over_and_exits(tmp_path: Path) -> None:
    home = tmp_path / "home"
    paths = app_paths({"COFFER_HOME": str(home)})
    receipt = tmp_path / "zq-lab-letter.txt"
    receipt.write_text("SHOP\nTOTAL 9.00\n", encoding="utf-8")
    first = _launch(home)
    try:
        sock = Path(InstanceLink(paths).address)
        assert wait_for(sock, first), "the first window never started listening"
        started = time.monotonic()
        second = _launch(home, receipt)
        out, err = second.communicate(timeout=60)
        took = time.monotonic() - started
        assert second.returncode == 0, out + err
        assert took < 20  # it did not build a window, load readers or open the vault
        assert first.poll() is None  # the first window is still there
        log = (paths.logs / "coffer.log").read_text(encoding="utf-8")
        assert "another launch handed over 1 file(s)" in log
        assert "zq-lab-letter" not in log  # file names stay out of the log
    finally:
        out, err = stop(first)
    assert "Traceback" not in out + err
