"""Coffer: a privacy-first desktop assistant for receipts, invoices, statements and health papers."""
from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("coffer")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen bundle
    __version__ = "0.1.0"
