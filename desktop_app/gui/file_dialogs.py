"""File dialogs that leave no trace of document names or folders outside the vault (E12)."""
from __future__ import annotations

from pathlib import Path

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget


def keep_qt_settings_private(config_dir: Path) -> None:
    """Qt's own file dialog saves its folder history to QtProject.conf in ~/.config, shared by
    every Qt app. Point that user-scope file into Coffer's owner-only config folder instead."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(config_dir))


def no_recent_dialog(parent: QWidget | None, title: str) -> QFileDialog:
    """E12: Qt's widget dialog, never the platform one — GTK's adds each chosen file to
    recently-used.xbel (and may make thumbnails), which would list document names outside
    the vault."""
    dlg = QFileDialog(parent, title)
    dlg.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dlg.setHistory([])
    return dlg


def choose(dlg: QFileDialog) -> list[Path]:
    """Run the dialog; return the chosen paths. Then destroy it (its destructor writes the
    folder history) and wipe that history, so no folder name stays in a plaintext file."""
    chosen = [Path(p) for p in dlg.selectedFiles()] if dlg.exec() else []
    shiboken6.delete(dlg)
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for key in ("FileDialog/history", "FileDialog/lastVisited"):
        settings.remove(key)
    settings.sync()
    return chosen


def ask_documents(parent: QWidget | None) -> list[Path]:
    dlg = no_recent_dialog(parent, "Add documents")
    dlg.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dlg.setNameFilter("Documents (*.pdf *.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp *.heic *.docx *.txt);;"
                      "All files (*)")
    return choose(dlg)


def ask_folder(parent: QWidget | None) -> list[Path]:
    dlg = no_recent_dialog(parent, "Add a folder")
    dlg.setFileMode(QFileDialog.FileMode.Directory)
    return choose(dlg)
