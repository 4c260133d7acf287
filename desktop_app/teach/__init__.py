"""Teach Coffer: labelled synthetic documents for evaluation and training (stdlib only)."""
