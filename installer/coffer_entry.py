"""Entry point of the bundled app: reader worker, window or command line, by how it was started."""
import sys
from pathlib import Path


def _entry() -> int:
    from desktop_app.ingestion.sandbox import WORKER_FLAG

    if sys.argv[1:2] == [WORKER_FLAG]:
        # sandbox.worker_command() restarts this executable with the flag for each document.
        from desktop_app.ingestion.sandbox import main as worker_main

        worker_main()
        return 0
    if "gui" in Path(sys.executable).stem.lower():
        from desktop_app.main import gui_main

        return gui_main()
    from desktop_app.main import main

    return main()


if __name__ == "__main__":
    sys.exit(_entry())
