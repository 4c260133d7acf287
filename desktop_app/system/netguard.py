"""The network tripwire: an audit hook that refuses every non-Unix socket operation."""
from __future__ import annotations

import logging
import socket
import sys
import traceback

log = logging.getLogger("coffer.netguard")

_INSTALLED = False
_BLOCKED_EVENTS = {"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg",
                   "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                   "socket.getnameinfo"}


class NetworkBlocked(RuntimeError):
    """Coffer never uses the network; something tried to."""


def _is_unix(args: tuple) -> bool:
    sock = args[0] if args else None
    return isinstance(sock, socket.socket) and sock.family == getattr(socket, "AF_UNIX", -1)


def _hook(event: str, args: tuple) -> None:
    if event not in _BLOCKED_EVENTS:
        return
    if event in ("socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg") and _is_unix(args):
        return  # D-Bus (keychain), Qt's local sockets: never leave the machine
    stack = "".join(traceback.format_stack(limit=12))
    log.error("Blocked a network operation (%s). Stack:\n%s", event, stack)
    raise NetworkBlocked(f"Coffer does not use the network (blocked {event}).")


def install_network_guard() -> None:
    """Install once per process; audit hooks cannot be removed, which is the point."""
    global _INSTALLED
    if not _INSTALLED:
        sys.addaudithook(_hook)
        _INSTALLED = True
