"""Measures a built Linux bundle: size, time to a visible window (Xvfb), `coffer --self-test` time."""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bundle_size(app: Path) -> int:
    """Bytes of the files, each counted once (coffer and coffer-gui are one file, two names)."""
    seen: dict[tuple[int, int], int] = {}
    for p in app.rglob("*"):
        if p.is_file() and not p.is_symlink():
            st = p.stat()
            seen[(st.st_dev, st.st_ino)] = st.st_size
    return sum(seen.values())


def _env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_", "COFFER_", "LD_"))}
    env.update(COFFER_HOME=str(home), **extra)
    return env


def _visible_window(display: str) -> str | None:
    """The id of a mapped top-level window whose title starts with Coffer, if there is one."""
    tree = subprocess.run(["xwininfo", "-root", "-tree", "-display", display],
                          capture_output=True, text=True).stdout
    for wid in re.findall(r'^\s+(0x[0-9a-f]+) "Coffer[^"]*"', tree, re.M):
        info = subprocess.run(["xwininfo", "-id", wid, "-display", display],
                              capture_output=True, text=True).stdout
        if "IsViewable" in info:
            return wid
    return None


def evict(app: Path) -> None:
    """Drops the bundle's own files from the page cache (only these: a shared machine keeps the
    rest of its cache), so the next start reads them from disk like a first launch."""
    for path in app.rglob("*"):
        if path.is_file() and not path.is_symlink():
            fd = os.open(path, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def time_to_window(app: Path, runs: int = 3, timeout: float = 60.0,
                   cold: bool = False) -> list[float]:
    """Seconds from exec to a viewable window on a fresh X server (Xvfb), each run a new home."""
    if not (shutil.which("Xvfb") and shutil.which("xwininfo")):
        raise SystemExit("needs Xvfb and xwininfo (apt-get install xvfb x11-utils)")
    display = ":73"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = []
    try:
        # Wait until the server answers (a fixed second was sometimes too short on a busy
        # machine: the first window then died with "could not connect to display").
        deadline = time.monotonic() + 30
        while subprocess.run(["xwininfo", "-root", "-display", display],
                             capture_output=True).returncode != 0:
            if time.monotonic() > deadline or xvfb.poll() is not None:
                raise SystemExit(f"Xvfb did not start on {display}")
            time.sleep(0.1)
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as home, \
                    tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
                if cold:
                    evict(app)
                started = time.perf_counter()
                proc = subprocess.Popen([str(app / "coffer-gui")],
                                        env=_env(Path(home), DISPLAY=display, QT_QPA_PLATFORM="xcb"),
                                        stdout=subprocess.DEVNULL, stderr=log)
                try:
                    while time.perf_counter() - started < timeout:
                        wid = _visible_window(display)
                        if wid:
                            results.append(time.perf_counter() - started)
                            wm_class = subprocess.run(["xprop", "-display", display, "-id", wid,
                                                       "WM_CLASS"], capture_output=True,
                                                      text=True).stdout.strip()
                            print(f"  window {wid} after {results[-1]:.2f} s ({wm_class})")
                            break
                        if proc.poll() is not None:
                            log.seek(0)
                            raise SystemExit(f"coffer-gui exited with {proc.returncode}:\n"
                                             + log.read()[-3000:])
                        time.sleep(0.02)
                finally:
                    proc.terminate()
                    try:
                        proc.wait(10)
                    except subprocess.TimeoutExpired:
                        proc.kill()
    finally:
        xvfb.terminate()
        xvfb.wait()
    return results


def self_test_time(app: Path) -> float:
    with tempfile.TemporaryDirectory() as home:
        cmd = [str(app / "coffer"), "--self-test"]
        if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
            cmd = ["unshare", "-n", *cmd]  # and prove it needs no network
        started = time.perf_counter()
        run = subprocess.run(cmd, env=_env(Path(home)), capture_output=True, text=True)
        took = time.perf_counter() - started
    print("  " + run.stdout.strip().replace("\n", "\n  "))
    if run.returncode != 0:
        raise SystemExit(run.stderr.strip())
    return took


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("app", nargs="?", type=Path, default=ROOT / "dist" / "Coffer")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"bundle: {bundle_size(args.app) / 1e6:.0f} MB unpacked ({args.app})")
    cold = time_to_window(args.app, args.runs, cold=True)
    print(f"time to visible window, bundle evicted from the page cache: "
          f"{', '.join(f'{s:.2f}' for s in cold)} s")
    warm = time_to_window(args.app, args.runs)
    print(f"time to visible window, page cache warm: {', '.join(f'{s:.2f}' for s in warm)} s")
    print(f"self-test: {self_test_time(args.app):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
