"""The GUI entry point: QApplication, icon and style, the window at once, then vault and model."""
from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QSize, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop_app.core.service import DocumentService
from desktop_app.system import secrets as ks
from desktop_app.system.paths import AppPaths, app_paths
from desktop_app.system.single_instance import InstanceLink

from .controller import Controller
from .file_dialogs import keep_qt_settings_private
from .main_window import MainWindow

log = logging.getLogger("coffer.gui")
APP_ID = "org.coffer.Coffer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def resources() -> Path:
    from desktop_app.core.resources import resources_root

    return resources_root() / "resources"


def app_icon() -> QIcon:
    icon = QIcon()
    folder = resources() / "icons"
    for size in ICON_SIZES:
        png = folder / f"coffer-{size}.png"
        if png.exists():
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull() and (folder / "coffer.svg").exists():
        icon.addFile(str(folder / "coffer.svg"))
    return icon


def make_application(argv: Sequence[str] | None = None) -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    app.setApplicationName("Coffer")
    app.setApplicationDisplayName("Coffer")
    app.setOrganizationName("Coffer")
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")  # follows the system light/dark scheme the same way on every OS
    qss = resources() / "style" / "coffer.qss"
    if qss.exists():
        app.setStyleSheet(qss.read_text("utf-8"))
    return app


class CofferApp:
    """The window, the service and the controller, wired; used by run_app, the tests and bench."""

    def __init__(self, paths: AppPaths | None = None, *, service: DocumentService | None = None,
                 keychain: ks.Keychain | None = None, use_model: bool = True,
                 remember_geometry: bool = True) -> None:
        from desktop_app.main import schemas

        self.paths = (paths or app_paths()).ensure()
        keep_qt_settings_private(self.paths.config)
        self.window = MainWindow(schemas(), app_icon())
        # QSettings is a plaintext file: window geometry only, never names or values.
        self.settings = (QSettings(str(self.paths.config / "window.ini"), QSettings.Format.IniFormat)
                         if remember_geometry else None)
        if self.settings is not None:
            self.window.restore_geometry(self.settings)
        self._service = service
        self._keychain = keychain
        self._use_model = use_model
        self.controller: Controller | None = None
        self.open_files: list[Path] = []

    def show(self) -> None:
        self.window.show()
        self.window.show_hint("Opening your vault…", "", "")

    def receive(self, files: list[Path]) -> None:
        """Files from a later launch ("Open with Coffer" while Coffer is open): this window comes
        to the front and reads them, or keeps them until the vault is unlocked."""
        if self.window.isMinimized():
            self.window.showNormal()
        else:
            self.window.show()
        self.window.raise_()
        self.window.activateWindow()
        files = [p for p in files if p.exists()]
        if not files:
            return
        if self.controller is None:
            self.open_files.extend(files)
        elif self.controller.service.store is None:
            self.controller.pending_files.extend(files)
        else:
            self.controller.add_paths(files)

    def start(self) -> Controller:
        """Builds the service (imports the readers) and starts the vault and the model."""
        service = self._service
        if service is None:
            from desktop_app.main import build_service

            service = build_service(paths=self.paths, use_model=self._use_model)
        self.controller = Controller(self.window, service, self.paths, self._keychain, self.settings)
        self.controller.pending_files = list(self.open_files)
        self.controller.start()
        return self.controller


def run_app(argv: Sequence[str] | None = None) -> int:
    from desktop_app.system.netguard import install_network_guard

    install_network_guard()  # also when started as coffer-gui, which skips main()
    paths = app_paths().ensure()
    if not logging.getLogger("coffer").handlers:
        from desktop_app.system.logs import configure

        configure(paths.logs)
    # "Open with Coffer" from a file manager passes the files as arguments
    args = list(argv if argv is not None else sys.argv)[1:]
    files = [Path(a).resolve() for a in args if not a.startswith("-") and Path(a).exists()]
    link = InstanceLink(paths)
    if link.hand_over(files):
        log.info("Coffer is already running on this vault: %d file(s) handed over", len(files))
        return 0
    app = make_application(argv)
    coffer = CofferApp(paths)
    coffer.open_files = files
    inbox = _Inbox()
    inbox.arrived.connect(coffer.receive)
    link.listen(inbox.arrived.emit)  # later launches hand their files to this window
    coffer.show()
    # The window is on screen first; the readers, the vault and the model come right after.
    QTimer.singleShot(0, coffer.start)
    try:
        code = app.exec()
    finally:
        link.close()
    return int(code)


class _Inbox(QObject):
    """Carries files from the hand-over thread to the GUI thread (a queued signal)."""

    arrived = Signal(list)
