"""The N2 scenario through the real window, offscreen: first-run vault setup with a passphrase,
drop a scanned lab report (OCR) and a text receipt, wait for the real model to extract them,
search, then quit. Prints one line per document; exit 0 on success, 3 on timeout.

    QT_QPA_PLATFORM=offscreen python -m tests.privacy.gui_driver PAPERS_DIR MODEL.gguf

Meant to run under strace / in an empty network namespace (tests/privacy/test_offline_e2e.py).
It wires the app exactly as desktop_app.gui.app.run_app does, except that it answers the
dialogs itself."""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PASSPHRASE = "gui scenario passphrase 91c2"
TIMEOUT_S = 400.0


def main(papers: Path, model: Path) -> int:
    from desktop_app.system.hardening import harden_process
    from desktop_app.system.netguard import install_network_guard

    harden_process()
    install_network_guard()
    from PySide6.QtCore import QTimer

    from desktop_app.gui.app import CofferApp, make_application
    from desktop_app.gui.vault_dialogs import RecoveryKeyDialog, SetupDialog, UnlockDialog
    from desktop_app.main import build_service, setup_logging
    from desktop_app.system.paths import app_paths

    paths = app_paths().ensure()
    setup_logging(paths, verbose=True)
    app = make_application(["coffer"])
    service = build_service(paths=paths, model=model, threads=1)
    coffer = CofferApp(paths, service=service)  # window.ini too, as run_app does
    coffer.show()
    coffer.start()
    ctl = coffer.controller
    assert ctl is not None
    files = sorted(p for p in papers.iterdir() if p.suffix in (".png", ".txt"))
    state = {"added": False, "searched": 0.0, "result": 3}
    started = time.monotonic()

    def step() -> None:
        if time.monotonic() - started > TIMEOUT_S:
            print("TIMEOUT", flush=True)
            app.quit()
            return
        dlg = ctl.gate.dialog
        if isinstance(dlg, SetupDialog) and dlg.isVisible():
            if hasattr(dlg, "use_pass"):
                dlg.use_pass.setChecked(True)
            dlg.pass1.setText(PASSPHRASE)
            dlg.pass2.setText(PASSPHRASE)
            dlg.create_btn.click()
        elif isinstance(dlg, RecoveryKeyDialog) and dlg.isVisible():
            dlg.confirm.setChecked(True)
            dlg.buttons.accepted.emit()
        elif isinstance(dlg, UnlockDialog) and dlg.isVisible() and dlg.unlock_btn.isEnabled():
            dlg.secret.setText(PASSPHRASE)
            dlg.unlock_btn.click()
        if "vault unlocked" not in ctl.w.state_label.text():
            return
        if not state["added"]:
            ctl.add_paths(files)
            state["added"] = True
            return
        rows = ctl.w.doc_model.rows
        if ctl.batches or any(r.record is None for r in rows):
            return
        if not state["searched"]:
            for r in sorted(rows, key=lambda r: r.name):
                ex = r.record.extraction if r.record else None
                fields = {f.name: f.value for f in ex.fields if f.value} if ex else {}
                print(f"{r.name}\t{r.state}\t{r.record.kind if r.record else '-'}\t"
                      f"{sorted(fields.items())}", flush=True)
            ctl.w.search.setText("Okafor")  # text only the OCR'd scan holds
            state["searched"] = time.monotonic()
            return
        if time.monotonic() - state["searched"] < 3.0:
            return
        print("search Okafor:", sorted(r.name for r in ctl.w.doc_model.rows), flush=True)
        state["result"] = 0
        app.quit()

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(100)
    app.exec()
    timer.stop()
    ctl.shutdown()
    return int(state["result"])


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
