"""Hypothesis profiles for the fuzzers: a small budget in the default suite ("ci", about 20 s in
all), a larger one on demand (HYPOTHESIS_PROFILE=fuzz). No example database is written into the
checkout; crashes are kept as explicit regression tests instead (test_regressions.py)."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = dict(deadline=None, database=None, derandomize=False,
               suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                      HealthCheck.filter_too_much])
settings.register_profile("ci", max_examples=40, **_COMMON)
settings.register_profile("fuzz", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_configure(config) -> None:  # noqa: ANN001
    # Parsers are imported once here so that each forked ingestion child starts warm.
    import desktop_app.ingestion.docx  # noqa: F401
    import desktop_app.ingestion.image  # noqa: F401
    import desktop_app.ingestion.ocr  # noqa: F401
    import desktop_app.ingestion.pdf  # noqa: F401
    import desktop_app.ingestion.reader  # noqa: F401
    import desktop_app.ingestion.text  # noqa: F401
