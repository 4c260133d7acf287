"""Fixtures of the unit tests."""
from __future__ import annotations

import pytest

from desktop_app.core.service import DocumentService


@pytest.fixture(scope="module")
def service() -> DocumentService:
    """The document service with rules only (no model), once per test module."""
    from desktop_app.main import build_service

    return build_service(use_model=False)
