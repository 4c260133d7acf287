"""GUI test fixtures: offscreen Qt, a real vault under tmp_path, an in-memory keychain, real files."""
from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import

import keyring.backend  # noqa: E402
import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "ingestion"))

from pdfgen import text_pdf  # noqa: E402
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app.system import secrets as ks  # noqa: E402
from desktop_app.system.paths import AppPaths, app_paths  # noqa: E402

RECEIPT = """CORNER BEAN COFFEE
12 Market Street
Leeds LS1 6DT
VAT No 123 4567 89
2 Flat White 6.80
1 Almond Croissant 3.20
Subtotal 10.00
Total GBP 10.00
Card 10.00
14 Mar 2024 09:12
Thank you!
"""

INVOICE_LINES = [
    "Northwind Consulting Ltd",
    "45 Harbour Road, Bristol BS1 4QA",
    "INVOICE",
    "Invoice number: INV-2024-0117",
    "Invoice date: 02/04/2024",
    "Due date: 02/05/2024",
    "Bill to: Alex Example",
    "Consulting services April 1 1200.00 1200.00",
    "Subtotal 1200.00",
    "VAT 20% 240.00",
    "Total due GBP 1440.00",
    "IBAN GB33BUKB20201555555555",
]


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A keychain living in this process only: tests never touch the real one."""

    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import keyring.backends.fail

    monkeypatch.setattr(ks.keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    monkeypatch.setenv("COFFER_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COFFER_KDF_SECONDS", "0")  # the Argon2id floor, not a calibrated 0.5 s
    for name in ("COFFER_PASSPHRASE", "COFFER_NEW_PASSPHRASE", "COFFER_RECOVERY_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def home(tmp_path: Path) -> AppPaths:
    return app_paths({"COFFER_HOME": str(tmp_path / "home")}).ensure()


@pytest.fixture
def keychain() -> ks.Keychain:
    return ks.Keychain(MemoryKeyring(), trusted=(MemoryKeyring,))


@pytest.fixture
def docs(tmp_path: Path) -> dict[str, Path]:
    """A text receipt, a text-layer PDF invoice, and two hostile files."""
    folder = tmp_path / "papers"
    folder.mkdir()
    receipt = folder / "coffee-receipt.txt"
    receipt.write_text(RECEIPT, encoding="utf-8")
    invoice = folder / "northwind-invoice.pdf"
    invoice.write_bytes(text_pdf([INVOICE_LINES]))
    empty = folder / "empty.pdf"
    empty.write_bytes(b"")
    fake = folder / "not-really.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is not a PDF at all " * 20)
    return {"receipt": receipt, "invoice": invoice, "empty": empty, "fake": fake}


def drop(widget: object, paths: list[Path]) -> None:
    """Drag files onto the window the way a file manager does: file URLs in QMimeData."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(200, 200)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)  # type: ignore[arg-type]
    assert enter.isAccepted(), "the window refused the drag"
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _collect_between_tests() -> Iterator[None]:
    """Python's cyclic garbage collector once ran in the middle of a GUI test, in the GUI
    thread, while that test's teach worker ran, and collecting earlier tests' PySide objects
    crashed the test process (a segfault under "Garbage-collecting"). Each GUI test now runs
    with the automatic collection paused, and the garbage is collected before and after it,
    when no worker thread runs."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def make_app(qtbot: object, home: AppPaths, keychain: ks.Keychain | None, *, use_model: bool = False,
             service: object = None) -> Iterator[object]:
    from desktop_app.gui.app import CofferApp, make_application
    from desktop_app.main import build_service

    make_application()
    svc = service or build_service(paths=home, use_model=use_model)
    coffer = CofferApp(home, service=svc, keychain=keychain, remember_geometry=False)  # type: ignore[arg-type]
    qtbot.addWidget(coffer.window)  # type: ignore[attr-defined]
    coffer.show()
    coffer.start()
    yield coffer
    if coffer.controller is not None:
        coffer.controller.shutdown()


def create_vault(qtbot: object, coffer: object, passphrase: str | None = None) -> None:
    """Go through first run: Create vault, confirm the recovery key, wait for 'vault unlocked'."""
    from desktop_app.gui.vault_dialogs import RecoveryKeyDialog, SetupDialog

    ctl = coffer.controller  # type: ignore[attr-defined]
    dlg = ctl.gate.dialog
    assert isinstance(dlg, SetupDialog)
    if passphrase is not None:
        dlg.use_pass.setChecked(True)
        dlg.pass1.setText(passphrase)
        dlg.pass2.setText(passphrase)
    dlg.create_btn.click()
    qtbot.waitUntil(lambda: isinstance(ctl.gate.dialog, RecoveryKeyDialog), timeout=15000)  # type: ignore[attr-defined]
    rk = ctl.gate.dialog
    assert len(rk.field.text().replace("-", "")) == 32
    rk.confirm.setChecked(True)
    rk.buttons.accepted.emit()
    qtbot.waitUntil(lambda: "vault unlocked" in ctl.w.state_label.text(), timeout=15000)  # type: ignore[attr-defined]


@pytest.fixture
def coffer(qtbot: object, home: AppPaths, keychain: ks.Keychain) -> Iterator[object]:
    """A running app on a fresh vault (keychain mode), rules only, unlocked."""
    gen = make_app(qtbot, home, keychain)
    app = next(gen)
    create_vault(qtbot, app)
    yield app
    next(gen, None)
