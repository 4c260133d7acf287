"""`coffer teach`: fine-tune a personal adapter on the documents you corrected (optional component)."""
from __future__ import annotations

import argparse
import sys

from desktop_app.core.jobs import CancelToken, Progress


def register(sub: argparse._SubParsersAction) -> None:
    t = sub.add_parser("teach", help="teach Coffer from your corrected documents (needs pip install .[teach])")
    t.add_argument("--dry-run", action="store_true", help="only report what it would train on")
    t.add_argument("--rollback", action="store_true",
                   help="stop using the current personal adapter (back to the previous one or the shipped one)")
    t.add_argument("--list", action="store_true", help="list the personal adapters kept in the vault")
    t.add_argument("--minutes", type=float, default=30.0, help="longest training time (default 30)")
    t.add_argument("--threads", type=int, help="CPU threads for training (default: 1 when the machine is busy)")
    t.set_defaults(func=cmd_teach)


def _progress(p: Progress) -> None:
    line = f"{p.stage:<10} {p.fraction:6.1%}  {p.message}"
    if sys.stderr.isatty():
        print(f"\r{line[:100]:<100}", end="", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)


def cmd_teach(args: argparse.Namespace) -> int:
    from desktop_app.cli.vault_cmds import _open
    from desktop_app.teach import personal
    from desktop_app.teach.base import TeachUnavailable

    vault = _open()
    try:
        if args.list:
            adapters = personal.personal_adapters(vault)
            if not adapters:
                print("No personal adapter yet: Coffer uses its standard model.")
            for a in adapters:
                mark = "* in use" if a.meta.get("active") else ""
                print(f"{a.created_at}  {a.size / 1e6:.1f} MB  trained on {a.meta.get('documents', '?')} "
                      f"documents  {a.meta.get('before', 0):.1%} → {a.meta.get('after', 0):.1%}  {mark}")
            return 0
        if args.rollback:
            print(personal.rollback(vault))
            return 0
        cancel = CancelToken()
        try:
            report = personal.teach_personal_adapter(vault, _progress, cancel, dry_run=args.dry_run,
                                                     max_minutes=args.minutes, threads=args.threads)
        except TeachUnavailable as exc:
            print(f"coffer: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            cancel.cancel()
            print("\ncoffer: teaching cancelled; nothing was changed.", file=sys.stderr)
            return 130
        if sys.stderr.isatty():
            print(file=sys.stderr)
        for line in report.lines():
            print(line)
        return 0
    finally:
        vault.close()
