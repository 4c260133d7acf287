"""`coffer` exactly as installed (desktop_app.main.main), but with every logger at DEBUG: the
app's own log file at DEBUG and, for third-party loggers too, a DEBUG handler on stderr.
faulthandler is on, as SECURITY.md E10 asks. Used by the privacy scenario.

(`coffer -v` would be the way to ask for DEBUG, but the CLI parser rejects `-v`; see the
report of issue 9.)"""
from __future__ import annotations

import atexit
import faulthandler
import logging
import os
import sys
from pathlib import Path

import desktop_app.main as app_main


def _record_modules() -> None:
    """N4 at run time: which modules this process really loaded (checked by the tests)."""
    folder = os.environ.get("COFFER_PRIVACY_MODULES_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{os.getpid()}.txt").write_text("\n".join(sorted(sys.modules)))


def main() -> int:
    atexit.register(_record_modules)
    faulthandler.enable()
    logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    original = app_main.setup_logging

    def verbose(paths, verbose: bool = False) -> None:  # noqa: ANN001
        original(paths, verbose=True)

    app_main.setup_logging = verbose
    return app_main.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
