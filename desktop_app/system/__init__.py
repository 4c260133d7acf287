"""Adapters to the operating system: paths, secrets, network guard, logging, hardening."""
