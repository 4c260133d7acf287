"""Export to CSV from the GUI: the dialog, then the writing in the I/O thread, then the folder."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.core.entities import DocumentRecord
from desktop_app.core.service import DocumentService
from desktop_app.export.csv_export import fields_table, lists_table, write_csv

from .dialogs import ExportDialog, ExportRequest
from .file_dialogs import choose, no_recent_dialog
from .main_window import MainWindow
from .workers import IoPool


class Exporter:
    """Kind, fields, dates and file from the dialog; rows from the vault; a formula-safe CSV."""

    def __init__(self, window: MainWindow, service: DocumentService, io: IoPool) -> None:
        self.w, self.service, self.io = window, service, io
        self.dialog: ExportDialog | None = None
        self.last_export: Path | None = None

    def ask(self, current: DocumentRecord | None) -> None:
        store = self.service.store
        if store is None:
            return
        kinds = [k for k, _n in store.kinds()] if hasattr(store, "kinds") else []
        dlg = ExportDialog(self.service.schemas, kinds, Path.home(), self.w)
        if current is not None and current.kind in kinds:
            dlg.kind.setCurrentIndex(dlg.kind.findData(current.kind))
        dlg.accepted.connect(lambda: self.run(dlg.request()))
        dlg.open()
        self.dialog = dlg

    def run(self, req: ExportRequest, doc_ids: list[int] | None = None) -> None:
        store = self.service.store
        if store is None:
            return

        def work() -> int:
            if doc_ids is not None:
                records = [store.get_document(i, with_text=False) for i in doc_ids]
            else:
                records = store.list_documents(kind=req.kind, date_from=req.date_from, date_to=req.date_to,
                                               limit=1_000_000, with_lists=req.lists_dest is not None)  # type: ignore[call-arg]
            records.sort(key=lambda r: r.id)
            header, rows = fields_table(records)
            keep = [i for i, h in enumerate(header) if i < 4 or not req.fields or h in req.fields]
            write_csv(req.dest, [header[i] for i in keep], [[r[i] for i in keep] for r in rows])
            if req.lists_dest is not None:
                write_csv(req.lists_dest, *lists_table(records))
            return len(rows)

        def done(n: int) -> None:
            self.last_export = req.dest
            self.w.statusBar().showMessage(f"Exported {n} document(s) to {req.dest.name}.", 10000)
            if req.open_folder:
                # the export folder only: never a URL taken from a document or the model (N5)
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(req.dest.parent)))

        self.io.run(work, done, lambda m: QMessageBox.warning(self.w, "Export failed", m))

    def ask_one(self, current: DocumentRecord | None) -> None:
        if current is None:
            return
        dlg = no_recent_dialog(self.w, "Export this document")
        dlg.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dlg.setNameFilter("CSV files (*.csv)")
        dlg.setDefaultSuffix("csv")
        dlg.selectFile(str(Path.home() / "coffer-document.csv"))
        chosen = choose(dlg)
        if chosen:
            req = ExportRequest(current.kind, [], None, None, chosen[0], None, False)
            self.run(req, [current.id])
