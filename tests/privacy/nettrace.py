"""OS-level network evidence (SECURITY.md N2/N6): run a command (and every process it starts)
under strace and/or in a network namespace with no interfaces, and count internet sockets.

strace sees C extensions, ctypes, Qt and subprocesses, which pytest-socket and the audit-hook
tripwire cannot."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

TRACED = "socket,connect,sendto,sendmsg,bind,execve"  # execve: proof the children were traced
_INET = re.compile(r"\bAF_INET6?\b|sa_family=AF_INET6?\b")
_CALL = re.compile(r"^(?P<pid>\d+)\s+(?P<call>socket|connect|sendto|sendmsg|bind)\((?P<args>.*)$")


@dataclass
class Trace:
    returncode: int
    stdout: str
    stderr: str
    calls: list[str] = field(default_factory=list)  # every traced network call line
    execs: list[str] = field(default_factory=list)  # every successful execve (all processes)

    @property
    def inet(self) -> list[str]:
        """Calls that create, connect, bind or send on an AF_INET/AF_INET6 socket."""
        return [c for c in self.calls if _INET.search(c)]

    @property
    def inet_sockets(self) -> list[str]:
        return [c for c in self.inet if " socket(" in f" {c.split(None, 1)[-1]}"]

    @property
    def families(self) -> set[str]:
        out = set()
        for c in self.calls:
            m = re.search(r"socket\((AF_\w+)", c)
            if m:
                out.add(m.group(1))
        return out


def strace_available() -> bool:
    if not shutil.which("strace"):
        return False
    probe = subprocess.run(["strace", "-f", "-qq", "-e", "trace=socket", "-o", os.devnull, "true"],
                           capture_output=True)
    return probe.returncode == 0


def _seccomp_flag() -> list[str]:
    """--seccomp-bpf stops the tracee only on the traced calls (much faster); strace >= 5.3."""
    probe = subprocess.run(["strace", "-f", "--seccomp-bpf", "-qq", "-e", "trace=socket", "-o",
                            os.devnull, "true"], capture_output=True)
    return ["--seccomp-bpf"] if probe.returncode == 0 else []


def netns_available() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


def parse(log_text: str) -> tuple[list[str], list[str]]:
    calls, execs = [], []
    for line in log_text.splitlines():
        line = line.strip()
        if _CALL.match(line):
            calls.append(line)
        elif re.match(r"^\d+\s+execve\(", line) and line.endswith("= 0"):
            execs.append(line)
    return calls, execs


def command(cmd: list[str], *, log: Path, strace: bool = True, netns: bool = False) -> list[str]:
    """``cmd`` wrapped: with ``strace`` traced with all its descendants, with ``netns`` inside a
    fresh network namespace (only a down loopback: nothing can leave)."""
    prefix: list[str] = []
    if netns:
        prefix += ["unshare", "-n"]
    if strace:
        prefix += ["strace", "-f", *_seccomp_flag(), "-qq", "-e", f"trace={TRACED}", "-e",
                   "signal=none", "-o", str(log)]
    return [*prefix, *cmd]


def collect(returncode: int, stdout: str, stderr: str, log: Path) -> Trace:
    calls, execs = parse(log.read_text(errors="replace")) if log.exists() else ([], [])
    return Trace(returncode, stdout, stderr, calls, execs)


def run(cmd: list[str], *, log: Path, strace: bool = True, netns: bool = False,
        env: dict[str, str] | None = None, timeout: float = 900,
        cwd: str | None = None) -> Trace:
    proc = subprocess.run(command(cmd, log=log, strace=strace, netns=netns), capture_output=True,
                          text=True, env=env, timeout=timeout, cwd=cwd)
    return collect(proc.returncode, proc.stdout, proc.stderr, log)
