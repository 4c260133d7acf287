"""The PySide6 desktop app: the only place that imports Qt."""
