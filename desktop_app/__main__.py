"""``python -m desktop_app``: the same entry point as the ``coffer`` command."""
import sys

from desktop_app.main import main

sys.exit(main())
