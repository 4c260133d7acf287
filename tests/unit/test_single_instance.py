"""One Coffer per vault: the hand-over channel between two launches (real sockets, no Qt)."""
from __future__ import annotations

import os
import socket
import stat
import sys
import threading
from pathlib import Path

import pytest

from desktop_app.system.paths import app_paths
from desktop_app.system.single_instance import InstanceLink

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="Unix socket checks")


def _paths(home: Path):
    return app_paths({"COFFER_HOME": str(home)}).ensure()


def test_a_second_launch_hands_its_files_to_the_first(tmp_path: Path) -> None:
    paths = _paths(tmp_path / "h")
    got: list[list[Path]] = []
    done = threading.Event()
    first = InstanceLink(paths)
    assert first.hand_over([]) is False  # nobody running yet
    assert first.listen(lambda files: (got.append(files), done.set()))
    try:
        assert stat.S_IMODE(os.stat(first.address).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(paths.config / "instance.key").st_mode) == 0o600
        second = InstanceLink(paths)
        assert second.hand_over([tmp_path / "a receipt.pdf", tmp_path / "b.png"]) is True
        assert done.wait(5)
        assert got == [[tmp_path / "a receipt.pdf", tmp_path / "b.png"]]
        # another vault (another COFFER_HOME) is another Coffer
        assert InstanceLink(_paths(tmp_path / "other")).hand_over([tmp_path / "c.txt"]) is False
    finally:
        first.close()


def test_a_socket_left_by_a_crash_is_taken_over(tmp_path: Path) -> None:
    paths = _paths(tmp_path / "h")
    link = InstanceLink(paths)
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(link.address)  # bound, never listening: what a killed process leaves behind
    dead.close()
    assert Path(link.address).exists()
    assert link.hand_over([tmp_path / "x.txt"]) is False
    assert link.listen(lambda files: None)
    try:
        assert InstanceLink(paths).hand_over([]) is True
    finally:
        link.close()


def test_a_launch_without_the_key_is_refused_and_the_first_keeps_serving(tmp_path: Path) -> None:
    paths = _paths(tmp_path / "h")
    got: list[list[Path]] = []
    first = InstanceLink(paths)
    assert first.listen(got.append)
    try:
        intruder = InstanceLink(paths)
        intruder._key = lambda: b"x" * 32  # type: ignore[method-assign]  # someone else's key
        assert intruder.hand_over([Path("/etc/passwd")]) is False
        assert InstanceLink(paths).hand_over([tmp_path / "ok.txt"]) is True
        assert got == [[tmp_path / "ok.txt"]]
    finally:
        first.close()


def test_a_long_data_path_uses_a_short_socket_name(tmp_path: Path) -> None:
    paths = _paths(tmp_path / ("d" * 120))
    link = InstanceLink(paths)
    assert len(link.address) <= 108 and link.address.endswith(".sock")
    assert link.listen(lambda files: None)
    try:
        assert InstanceLink(paths).hand_over([]) is True
    finally:
        link.close()
