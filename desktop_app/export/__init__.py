"""Exports the person asks for: CSV files, written safely."""
