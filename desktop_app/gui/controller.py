"""The controller: connects the window to the service, the workers and the vault gate."""
from __future__ import annotations

import itertools
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Slot
from PySide6.QtWidgets import QMessageBox

from desktop_app.core.entities import DocumentRecord, Field
from desktop_app.core.service import DocumentService
from desktop_app.storage.vault import Vault
from desktop_app.system import secrets as ks
from desktop_app.system.paths import AppPaths

from .dialogs import AboutDialog, ExportDialog, ExportRequest, SettingsDialog, ask_delete
from .export_flow import Exporter
from .file_dialogs import ask_documents, ask_folder
from .main_window import MainWindow, date_range
from .page_images import PageImages, has_page_image
from .prefs import Prefs
from .session import ClipboardGuard, IdleWatch
from .teach_flow import TeachFlow
from .vault_gate import VaultGate
from .vault_tools import VaultTools
from .workers import Batch, BatchState, InferenceWorker, IoPool, Reextract, expand

log = logging.getLogger("coffer.gui")
class Controller(QObject):
    def __init__(self, window: MainWindow, service: DocumentService, paths: AppPaths,
                 keychain: ks.Keychain | None = None, settings: QSettings | None = None) -> None:
        super().__init__()
        self.w, self.service, self.paths = window, service, paths
        self.prefs = Prefs.load(paths.settings)
        self.settings = settings
        self.io = IoPool()
        self.worker = InferenceWorker(service)
        self.gate = VaultGate(paths, self.io, keychain, window)
        self.idle = IdleWatch(self.prefs.autolock_minutes)
        self.clipboard = ClipboardGuard(self.prefs.clipboard_seconds)
        self.batches: dict[int, BatchState] = {}
        self._ids = itertools.count(1)
        self.model_state = "model loading…" if service.use_model else "rules only"
        self.vault_state = "vault locked"
        self.current: DocumentRecord | None = None
        self._select_seq = 0
        self._lock_pending = False
        self.pending_files: list[Path] = []
        self._reextracting: Reextract | None = None
        self.exporter = Exporter(window, service, self.io)
        self.pages = PageImages(window.document_view)
        self.tools = VaultTools(self)
        self.teach = TeachFlow(self)
        self._wire()

    # --- start and stop ---------------------------------------------------------------------
    def _wire(self) -> None:
        w, s = self.w, self.worker.signals
        s.model_loaded.connect(self._on_worker_model_loaded)
        s.file_progressed.connect(self._on_worker_file_progressed)
        s.file_finished.connect(self._on_worker_file_finished)
        s.batch_finished.connect(self._on_worker_batch_finished)
        s.reextract_finished.connect(self._on_worker_reextract_finished)
        self.gate.opened.connect(self._on_gate_opened)
        self.gate.gave_up.connect(self._on_gate_gave_up)
        self.gate.failed.connect(self._on_gate_failed)
        self.idle.idle.connect(self._on_idle)
        w.files_dropped.connect(self.add_paths)
        w.act_add.triggered.connect(self.ask_files)
        w.act_add_folder.triggered.connect(self.ask_folder)
        w.act_export.triggered.connect(self.export)
        w.act_export_one.triggered.connect(self.export_current)
        w.act_lock.triggered.connect(self.lock)
        w.act_copy.triggered.connect(self.copy_value)
        w.act_undo.triggered.connect(self.undo_correction)
        w.act_delete.triggered.connect(self.delete_current)
        w.act_settings.triggered.connect(self.open_settings)
        w.act_regenerate.triggered.connect(self.regenerate)
        w.act_about.triggered.connect(lambda: AboutDialog(w).exec())
        w.hint.button.clicked.connect(self._on_hint_clicked)
        w.batch.cancel.clicked.connect(self.cancel_batches)
        w.search.textChanged.connect(self.refresh)
        w.kind_filter.currentIndexChanged.connect(self.refresh)
        w.date_filter.currentIndexChanged.connect(self.refresh)
        w.doc_list.selectionModel().currentRowChanged.connect(self._on_list_row_changed)
        f = w.fields
        f.model.edited.connect(self.correct)
        f.field_selected.connect(w.document_view.show_field)
        f.kind_chosen.connect(self.change_kind)
        f.regenerate_requested.connect(self.regenerate)
        f.copy_requested.connect(self.copy_value)
        f.undo_requested.connect(self.undo_correction)
        w.closing.connect(self.shutdown)

    def start(self) -> None:
        """After the window is visible: the model loads in the background, the vault opens."""
        self.w.set_unlocked(False)
        self.w.show_hint("Opening your vault…", "", "")
        self._status()
        self.worker.start()
        self.worker.load_model()
        self.gate.start()

    def shutdown(self) -> None:
        if self.settings is not None:
            self.w.save_geometry(self.settings)
        self.clipboard.clear()
        self.cancel_batches()
        if self._reextracting is not None:
            self._reextracting.cancel.cancel()
        self.worker.stop()
        self.teach.shutdown()
        self.pages.shutdown()
        self.worker.wait(30_000)
        self.io.wait(10_000)
        self._close_vault()

    def _status(self) -> None:
        self.w.state_label.setText(f"Offline · {self.model_state} · {self.vault_state}")

    @Slot(str)
    def _on_worker_model_loaded(self, error: str) -> None:
        if error:
            self.model_state = "model unavailable (rules only)"
            self.w.statusBar().showMessage(f"The language model could not be loaded: {error}", 15000)
        else:
            self.model_state = "model ready" if self.service.use_model else "rules only"
        self._status()

    # --- vault ------------------------------------------------------------------------------
    @Slot(object)
    def _on_gate_opened(self, vault: Vault) -> None:
        self.service.store = vault
        if self.service.engine_loaded and _has_personal_adapter(vault):
            # the model loaded before the vault opened; the person's own adapter is in the vault
            self.service.reload_engine()
        self.vault_state = "vault unlocked"
        self._status()
        self.w.set_unlocked(True)
        self.idle.restart()
        self.refresh()
        if self.pending_files:  # "Open with Coffer" / command-line files, once unlocked
            files, self.pending_files = self.pending_files, []
            self.add_paths(files)

    def vault_opened(self, vault: Vault) -> None:
        """A vault opened outside the gate (after a restore)."""
        self._on_gate_opened(vault)

    def busy(self) -> bool:
        """Reading, re-reading or teaching: the vault must stay open and as it is until then."""
        return bool(self.batches or self._reextracting or self.teach.running)

    def teach_finished(self) -> None:
        if self._lock_pending and not self.busy():
            self._lock_pending = False
            self.lock()

    def _on_gate_gave_up(self) -> None:
        if self.gate.first_run():
            self.w.show_hint("No vault yet", "Coffer needs an encrypted vault before it can keep "
                             "your documents. Nothing has been created.", "Create vault…")
        else:
            self.w.show_hint("Coffer is locked",
                             "Your documents stay encrypted until you unlock the vault.", "Unlock…")

    def _on_gate_failed(self, message: str) -> None:
        QMessageBox.critical(self.w, "The vault could not be opened", message)
        self.w.show_hint("The vault could not be opened", message, "Try again")

    def _on_hint_clicked(self) -> None:
        if self.service.store is None:
            self.gate.start()
        else:
            self.ask_files()

    def lock(self) -> None:
        """Clear every value from the screen and the clipboard, then close the vault."""
        if self.service.store is None:
            return
        if self.busy():
            self._lock_pending = True
            self.cancel_batches()
            if self._reextracting:
                self._reextracting.cancel.cancel()
            self.teach.cancel()
            return
        self.clipboard.clear()
        self._select_seq += 1
        self.current = None
        self.pages.clear()
        self.w.fields.clear()
        self.w.document_view.clear()
        self.w.doc_model.clear()
        self.w.search.clear()
        self.w.statusBar().clearMessage()  # messages name documents
        self.teach.hide()
        self.tools.close_dialog()
        self.w.set_unlocked(False)
        self._close_vault()
        self.vault_state = "vault locked"
        self._status()
        self.w.show_hint("Coffer is locked", "Your documents stay encrypted until you unlock the vault.",
                         "Unlock…")

    def _close_vault(self) -> None:
        store, self.service.store = self.service.store, None
        if store is not None:
            self.io.run(store.close)
            self.io.wait(10_000)

    def _on_idle(self) -> None:
        if self.busy():
            self.idle.restart()  # never lock in the middle of reading: try again later
            return
        self.lock()

    # --- the list -----------------------------------------------------------------------------
    @Slot()
    def refresh(self) -> None:
        store = self.service.store
        if store is None:
            return
        query = self.w.search.text().strip()
        kind = self.w.kind_filter.currentData()
        date_from, date_to = date_range(self.w.date_filter.currentData())

        def work() -> list[DocumentRecord]:
            if not query:
                return store.list_documents(kind=kind, date_from=date_from, date_to=date_to)
            found = store.search(query)
            return [r for r in found if (not kind or r.kind == kind)
                    and (not date_from or (r.date or r.added_at[:10]) >= date_from)
                    and (not date_to or (r.date or r.added_at[:10]) <= date_to)]

        self.io.run(work, self._show_records, self._error)

    def _show_records(self, records: list[DocumentRecord]) -> None:
        keep = self.current.id if self.current else None
        self.w.doc_model.set_records(records)
        filtering = bool(self.w.search.text().strip() or self.w.kind_filter.currentData()
                         or self.w.date_filter.currentData())
        if self.w.doc_model.rowCount() == 0 and not filtering:
            self.w.show_hint("Drop your papers here",
                             "Receipts, invoices, bank statements, payslips, lab reports, "
                             "prescriptions, letters: PDF, scans, photos or text. Files and whole "
                             "folders can be dropped anywhere on this window. They are read on this "
                             "computer and kept in your encrypted vault.", "Add files…")
            return
        self.w.show_documents()
        row = self.w.doc_model.find_doc(keep) if keep is not None else -1
        if row >= 0:
            self.w.doc_list.selectRow(row)
        elif self.w.doc_model.rowCount() and not self.w.doc_list.currentIndex().isValid():
            self.w.doc_list.selectRow(0)

    # --- adding files -----------------------------------------------------------------------
    def ask_files(self) -> None:
        files = ask_documents(self.w)
        if files:
            self.add_paths(files)

    def ask_folder(self) -> None:
        folders = ask_folder(self.w)
        if folders:
            self.add_paths(folders)

    @Slot(list)
    def add_paths(self, paths: list[Path]) -> None:
        if self.service.store is None:
            self.w.statusBar().showMessage("Unlock the vault first, then add the documents again.", 8000)
            return
        files = expand(paths)
        if not files:
            self.w.statusBar().showMessage("There were no files in what was dropped.", 8000)
            return
        batch = Batch(next(self._ids), files)
        self.batches[batch.batch_id] = BatchState(batch)
        self.w.doc_model.add_pending(batch.batch_id, [p.name for p in files])
        self.w.show_documents()
        self.w.batch.show()
        self._update_bar()
        self.worker.submit(batch)

    def cancel_batches(self) -> None:
        for state in self.batches.values():
            state.batch.cancel.cancel()
        if self.batches:
            self.w.batch.label.setText("Cancelling after the current step…")
            self.w.batch.cancel.setEnabled(False)

    def _update_bar(self) -> None:
        total = sum(len(s.batch.paths) for s in self.batches.values())
        done = sum(s.done for s in self.batches.values())
        fraction = next((s.fraction for s in self.batches.values() if s.done < len(s.batch.paths)), 0.0)
        clock = next(iter(self.batches.values())).clock if self.batches else None
        left = clock.left(total - done) if clock else None
        self.w.batch.update_progress(done, max(total, 1), fraction, left)

    @Slot(int, int, str, float, str)
    def _on_worker_file_progressed(self, batch_id: int, index: int, stage: str, fraction: float,
                                   message: str) -> None:
        row = self.w.doc_model.find_batch_row(batch_id, index)
        if row >= 0 and stage not in ("done", "failed"):
            self.w.doc_model.set_state(row, stage, message)
        state = self.batches.get(batch_id)
        if state is not None:
            state.fraction = fraction
            self._update_bar()

    @Slot(int, int, object, str, bool)
    def _on_worker_file_finished(self, batch_id: int, index: int, record: DocumentRecord | None,
                                 error: str, duplicate: bool) -> None:
        state = self.batches.get(batch_id)
        if state is not None:
            state.done += 1
            state.fraction = 0.0
            state.clock.finished += 1
            self._update_bar()
        row = self.w.doc_model.find_batch_row(batch_id, index)
        if row < 0:
            return
        name = self.w.doc_model.rows[row].name
        if duplicate and record is not None:
            self.w.statusBar().showMessage(f"{name} is already in the vault.", 8000)
        elif error:
            self.w.statusBar().showMessage(f"{name}: {error}", 15000)
        self.w.doc_model.finish(row, record, error, duplicate)
        if record is not None and self.current is None:
            at = self.w.doc_model.find_doc(record.id)
            if at >= 0 and at == self.w.doc_list.currentIndex().row():
                self.load_document(record.id)  # the row was current while pending: no new signal
            elif at >= 0:
                self.w.doc_list.selectRow(at)

    @Slot(int, bool)
    def _on_worker_batch_finished(self, batch_id: int, cancelled: bool) -> None:
        state = self.batches.pop(batch_id, None)
        model = self.w.doc_model
        for i in reversed(range(model.rowCount())):
            if model.rows[i].batch is not None and model.rows[i].batch[0] == batch_id:  # type: ignore[index]
                model.remove(i)  # never started: cancelled before its turn
        if cancelled and state is not None:
            left = len(state.batch.paths) - state.done
            self.w.statusBar().showMessage(f"Cancelled: {left} file(s) were not added.", 10000)
        if not self.batches:
            self.w.batch.hide()
            self.w.batch.cancel.setEnabled(True)
            if self._lock_pending and not self.busy():
                self._lock_pending = False
                self.lock()

    # --- the selected document ---------------------------------------------------------------
    def _on_list_row_changed(self, current: Any, _previous: Any) -> None:
        row = current.row() if current.isValid() else -1
        doc = self.w.doc_model.rows[row] if 0 <= row < self.w.doc_model.rowCount() else None
        if doc is None or doc.record is None:
            self.current = None
            self.pages.clear()
            self.w.fields.clear()
            self.w.document_view.clear()
            self.w.set_document_actions(False)
            if doc is not None:
                self.w.fields.title.setText(doc.name)
                self.w.fields.summary.setPlainText(doc.message)
            return
        self.load_document(doc.record.id)

    def load_document(self, doc_id: int, keep_row: int = -1) -> None:
        store = self.service.store
        if store is None:
            return
        self._select_seq += 1
        seq = self._select_seq

        def work() -> tuple[DocumentRecord, bytes | None]:
            record = store.get_document(doc_id, with_text=True)
            # The original bytes stay in memory: the sandboxed renderer gets them through a pipe.
            content = store.get_content(doc_id) if has_page_image(record.media_type) else None
            return record, content

        def done(result: tuple[DocumentRecord, bytes | None]) -> None:
            if seq != self._select_seq:
                return  # the person has moved on to another document
            record, content = result
            same = self.current is not None and self.current.id == record.id
            self.current = record
            # a correction: same pages, keep the picture drawn
            if not (same and keep_row >= 0 and self.w.document_view.set_parsed(record.parsed)):
                self.w.document_view.set_document(record.parsed)
                self.pages.show(record.media_type, content)
            self.w.fields.show_record(record, keep_row)
            self.w.set_document_actions(True)

        self.io.run(work, done, self._error)

    def _error(self, message: str) -> None:
        self.w.statusBar().showMessage(message, 15000)

    def _reload(self, doc_id: int, keep_row: int, note: str = "") -> None:
        def after(record: DocumentRecord) -> None:
            self.w.doc_model.replace_record(record)
            if self.current and self.current.id == doc_id:
                self.load_document(doc_id, keep_row)
            if note:
                self.w.statusBar().showMessage(note, 8000)

        store = self.service.store
        if store is not None:
            self.io.run(lambda: store.get_document(doc_id, with_text=False), after, self._error)

    @Slot(str, str)
    def correct(self, name: str, raw: str) -> None:
        """An edit is saved at once as a correction (the model's value is kept for undo)."""
        if self.current is None:
            return
        doc_id, row = self.current.id, self.w.fields.table.currentIndex().row()
        self.io.run(lambda: self.service.correct(doc_id, name, raw),
                    lambda _v: self._reload(doc_id, row, "Correction saved. Ctrl+Z undoes it."),
                    self._error)

    def undo_correction(self) -> None:
        f = self.w.fields.current_field()
        store = self.service.store
        if self.current is None or f is None or store is None:
            return
        doc_id, row = self.current.id, self.w.fields.table.currentIndex().row()
        self.io.run(lambda: store.undo_correction(doc_id, f.name),
                    lambda _v: self._reload(doc_id, row, "Correction undone."), self._error)

    def copy_value(self) -> None:
        f: Field | None = self.w.fields.current_field()
        if f is None or (f.value is None and f.raw is None):
            return
        self.clipboard.seconds = self.prefs.clipboard_seconds
        self.clipboard.copy(f.value if f.value is not None else f.raw or "")
        self.w.statusBar().showMessage(
            f"Copied. The clipboard is cleared in {self.prefs.clipboard_seconds} seconds.", 5000)

    def change_kind(self, kind: str) -> None:
        if self.current is not None:
            self._start_reextract(self.current.id, kind, "Reading the document again as the new kind…")

    def regenerate(self) -> None:
        if self.current is not None:
            kind = self.current.extraction.kind if self.current.extraction else self.current.kind
            self._start_reextract(self.current.id, kind, "Reading the document again…")

    def _start_reextract(self, doc_id: int, kind: str | None, message: str) -> None:
        if self._reextracting is not None:
            return
        self._reextracting = Reextract(doc_id, kind)
        self.w.fields.set_busy(True, message)
        self.worker.submit(self._reextracting)

    @Slot(int, object, str)
    def _on_worker_reextract_finished(self, doc_id: int, record: DocumentRecord | None, error: str) -> None:
        self._reextracting = None
        self.w.fields.set_busy(False)
        if error:
            self._error(error)
        if self._lock_pending and not self.busy():
            self._lock_pending = False
            self.lock()
            return
        self._reload(doc_id, -1, "" if error else "Read again.")

    def delete_current(self) -> None:
        store = self.service.store
        if self.current is None or store is None:
            return
        doc_id, name = self.current.id, self.current.name
        if not self.confirm_delete(name):
            return

        def done(_v: object) -> None:
            row = self.w.doc_model.find_doc(doc_id)
            if row >= 0:
                self.w.doc_model.remove(row)
            self.current = None
            self.refresh()
            self.w.statusBar().showMessage("Deleted.", 5000)

        self.io.run(lambda: store.delete_document(doc_id), done, self._error)

    def confirm_delete(self, name: str) -> bool:
        return ask_delete(self.w, name)

    # --- export -------------------------------------------------------------------------------
    def export(self) -> None:
        self.exporter.ask(self.current)

    def run_export(self, req: ExportRequest, doc_ids: list[int] | None = None) -> None:
        self.exporter.run(req, doc_ids)

    def export_current(self) -> None:
        self.exporter.ask_one(self.current)

    @property
    def last_export(self) -> Path | None:
        return self.exporter.last_export

    @property
    def export_dialog(self) -> ExportDialog | None:
        return self.exporter.dialog

    # --- settings -----------------------------------------------------------------------------
    def open_settings(self) -> None:
        dlg = SettingsDialog(self.prefs, self.w)
        if dlg.exec():
            self.prefs = dlg.prefs()
            try:
                self.prefs.save(self.paths.settings)
            except OSError as exc:
                self._error(f"The settings could not be saved ({exc.strerror}).")
            self.idle.set_minutes(self.prefs.autolock_minutes)
            self.clipboard.seconds = self.prefs.clipboard_seconds


def _has_personal_adapter(vault: Vault) -> bool:
    try:
        from desktop_app.teach.personal import active_personal

        return active_personal(vault) is not None
    except Exception:  # noqa: BLE001 - an older vault without adapters: nothing to reload
        return False
