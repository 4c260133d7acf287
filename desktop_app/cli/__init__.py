"""The headless command line: the same service as the GUI, one subcommand per module."""
from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from desktop_app import __version__
from desktop_app.core.errors import CofferError

# Each module defines ``register(subparsers)``; a subparser sets ``func(args) -> int``.
COMMAND_MODULES = ("extract_cmds", "vault_cmds", "synth_cmds", "selftest_cmds", "teach_cmds")

log = logging.getLogger("coffer.cli")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="coffer",
        description="Coffer reads receipts, invoices, statements and health papers on this "
        "computer only. Run without a command to open the app.",
    )
    parser.add_argument("--version", action="version", version=f"Coffer {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="debug-level log (events and timings, never document text)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"desktop_app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"desktop_app.cli.{name}":
                raise
            continue
        module.register(sub)
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CofferError as exc:
        print(f"coffer: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coffer: interrupted", file=sys.stderr)
        return 130
