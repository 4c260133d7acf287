"""The production tripwire refuses internet sockets and leaves Unix sockets alone (N3, N6)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

# Audit hooks cannot be removed, so each case runs in its own interpreter.
SCRIPT = textwrap.dedent("""
    import socket, sys
    from desktop_app.system.netguard import NetworkBlocked, install_network_guard
    {before}
    install_network_guard()
    try:
        {action}
    except NetworkBlocked:
        print("BLOCKED")
    except OSError as exc:
        print("OSERROR", exc)
    else:
        print("ALLOWED")
""")


def _run(action: str, before: str = "") -> str:
    code = SCRIPT.format(action=action, before=before)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    return out.stdout.strip()


def test_tcp_connect_is_blocked() -> None:
    assert _run("socket.create_connection(('127.0.0.1', 9), timeout=1)") == "BLOCKED"


def test_dns_lookup_is_blocked() -> None:
    assert _run("socket.getaddrinfo('example.org', 443)") == "BLOCKED"


def test_udp_sendto_is_blocked() -> None:
    assert _run("socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', 9))") == "BLOCKED"


def test_unix_sockets_still_work() -> None:
    action = "a, b = socket.socketpair(); a.sendall(b'hi'); assert b.recv(2) == b'hi'"
    assert _run(action) == "ALLOWED"


def test_negative_control_without_guard_the_connect_is_attempted() -> None:
    # Without the guard the same call reaches the OS (refused or unreachable, but not blocked):
    # proof that "BLOCKED" above comes from the guard, not from the sandbox.
    code = ("import socket\ntry:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n"
            "except OSError as e:\n    print('OSERROR')\nelse:\n    print('CONNECTED')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() in ("OSERROR", "CONNECTED")
