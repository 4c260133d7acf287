"""The main window: lays out the list, the document, the fields and the batch bar; delegates the rest."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.schemas import SchemaSet

from .document_view import DocumentView
from .fields_panel import FieldsPanel
from .models import DocumentListModel

DATE_FILTERS = (("Any date", 0), ("Last 30 days", 30), ("Last 12 months", 365),
                ("This year", -1), ("Last year", -2))


class DropHint(QWidget):
    """The empty (or locked) window: what to do next, in one sentence and one button."""

    def __init__(self, icon: QIcon) -> None:
        super().__init__()
        lay = QVBoxLayout(self)
        lay.addStretch(2)
        pic = QLabel()
        pic.setPixmap(icon.pixmap(QSize(96, 96)))
        pic.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(pic)
        self.title = QLabel()
        self.title.setObjectName("dropTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.title)
        self.text = QLabel()
        self.text.setObjectName("hint")
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.text.setMaximumWidth(560)
        # No alignment flag on a word-wrapped label: the layout then gives it the height its
        # width needs (with AlignHCenter the second line was cut off in half).
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        text_row = QHBoxLayout()
        text_row.addStretch(1)
        text_row.addWidget(self.text, 4)
        text_row.addStretch(1)
        lay.addLayout(text_row)
        lay.addSpacing(8)
        row = QHBoxLayout()
        row.addStretch(1)
        self.button = QPushButton()
        self.button.setDefault(True)
        row.addWidget(self.button)
        row.addStretch(1)
        lay.addLayout(row)
        lay.addStretch(3)

    def set_message(self, title: str, text: str, button: str) -> None:
        self.title.setText(title)
        self.text.setText(text)
        self.button.setText(button)
        self.button.setVisible(bool(button))


class BatchBar(QWidget):
    """n of N, time left, Cancel. Shown only while a batch runs."""

    def __init__(self) -> None:
        super().__init__()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(6, 2, 6, 2)
        self.label = QLabel("")
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Batch progress")
        self.bar.setTextVisible(False)
        self.cancel = QPushButton("Cancel")
        self.cancel.setAccessibleName("Cancel the batch")
        lay.addWidget(self.label)
        lay.addWidget(self.bar, 1)
        lay.addWidget(self.cancel)
        self.hide()

    def update_progress(self, done: int, total: int, fraction: float, left: float | None) -> None:
        self.bar.setRange(0, total * 100)
        self.bar.setValue(int((done + fraction) * 100))
        eta = "" if left is None else f" · about {_duration(left)} left"
        self.label.setText(f"Reading {min(done + 1, total)} of {total}{eta}")


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{max(int(seconds), 1)} s"
    return f"{int(seconds // 60)} min {int(seconds % 60):02d} s"


class MainWindow(QMainWindow):
    files_dropped = Signal(list)  # list[Path]

    def __init__(self, schemas: SchemaSet, icon: QIcon) -> None:
        super().__init__()
        self.setWindowTitle("Coffer")
        self.setWindowIcon(icon)
        self.setAcceptDrops(True)  # drop files or folders anywhere on the window
        self.resize(1280, 800)
        self._make_actions()
        self._make_menus()

        toolbar = QToolBar("Main")
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for a in (self.act_add, self.act_export, self.act_delete):
            toolbar.addAction(a)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search text and fields…  (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search documents")
        self.search.setMinimumWidth(260)
        toolbar.addWidget(self.search)
        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("Filter by kind")
        self.kind_filter.addItem("All kinds", None)
        for k in schemas.kinds():
            self.kind_filter.addItem(schemas[k].title, k)
        self.kind_filter.addItem("Other", "other")
        toolbar.addWidget(self.kind_filter)
        self.date_filter = QComboBox()
        self.date_filter.setAccessibleName("Filter by date")
        for label, days in DATE_FILTERS:
            self.date_filter.addItem(label, days)
        toolbar.addWidget(self.date_filter)
        self.addToolBar(toolbar)

        self.doc_model = DocumentListModel(schemas)
        self.doc_list = QTableView()
        self.doc_list.setModel(self.doc_model)
        self.doc_list.setAccessibleName("Documents")
        self.doc_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.doc_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.doc_list.verticalHeader().hide()
        self.doc_list.setShowGrid(False)
        self.doc_list.setWordWrap(False)
        self.doc_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.doc_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        head = self.doc_list.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        head.resizeSection(1, 118)  # "Prescription / medication list" is elided, not the name
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.Fixed)
        head.resizeSection(3, 110)  # "Failed: why" is elided; the full reason is in the tooltip
        self.document_view = DocumentView()
        self.fields = FieldsPanel(schemas)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(self.doc_list)
        self.splitter.addWidget(self.document_view)
        self.splitter.addWidget(self.fields)
        self.splitter.setSizes([400, 440, 440])
        self.hint = DropHint(icon)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self.splitter)
        self.batch = BatchBar()
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(0)
        cl.addWidget(self.stack, 1)
        cl.addWidget(self.batch)
        self.setCentralWidget(central)

        self.state_label = QLabel("Offline")
        self.state_label.setAccessibleName("Status")
        self.statusBar().addPermanentWidget(self.state_label)

    # --- actions and menus -----------------------------------------------------------------
    def _action(self, text: str, shortcut: QKeySequence | str | None = None, tip: str = "") -> QAction:
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(f"{tip} ({a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})"
                         if shortcut else tip)
        return a

    def _make_actions(self) -> None:
        S = QKeySequence.StandardKey  # noqa: N806
        self.act_add = self._action("Add files…", S.Open, "Add documents to the vault")
        self.act_add_folder = self._action("Add folder…", "Ctrl+Shift+O", "Add every document in a folder")
        self.act_export = self._action("Export…", "Ctrl+E", "Export fields to a CSV file")
        self.act_export_one = self._action("Export this document…", "Ctrl+Shift+E")
        self.act_lock = self._action("Lock", "Ctrl+L", "Lock the vault and clear the screen")
        self.act_quit = self._action("Quit", S.Quit)
        self.act_copy = self._action("Copy value", "Ctrl+Shift+C", "Copy the selected field value")
        self.act_undo = self._action("Undo correction", S.Undo)
        self.act_delete = self._action("Delete", S.Delete, "Delete the selected document from the vault")
        self.act_find = self._action("Find", S.Find)
        self.act_settings = self._action("Settings…", "Ctrl+,")
        self.act_regenerate = self._action("Read again", "F5", "Extract the fields and summary again")
        self.act_zoom_in = self._action("Zoom in", S.ZoomIn)
        self.act_zoom_out = self._action("Zoom out", S.ZoomOut)
        self.act_about = self._action("About Coffer")
        self.act_backup = self._action("Back up vault…", None, "Save an encrypted copy of the vault")
        self.act_restore = self._action("Restore from backup…", None,
                                        "Replace the vault with a backup (the current one is kept aside)")
        self.act_passphrase = self._action("Change passphrase…", None, "Protect the vault with a new passphrase")
        self.act_teach = self._action("Teach Coffer…", None,
                                      "Learn from your corrections: a personal model, trained on this computer")
        self.act_find.triggered.connect(lambda: (self.search.setFocus(), self.search.selectAll()))
        self.act_zoom_in.triggered.connect(lambda: self.document_view.change_zoom(1))
        self.act_zoom_out.triggered.connect(lambda: self.document_view.change_zoom(-1))
        self.act_quit.triggered.connect(self.close)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        for a in (self.act_add, self.act_add_folder, None, self.act_export, self.act_export_one,
                  None, self.act_backup, self.act_restore, self.act_passphrase,
                  None, self.act_lock, self.act_quit):
            file_menu.addSeparator() if a is None else file_menu.addAction(a)
        edit = bar.addMenu("&Edit")
        for a in (self.act_copy, self.act_undo, None, self.act_delete, None, self.act_find,
                  self.act_settings):
            edit.addSeparator() if a is None else edit.addAction(a)
        doc = bar.addMenu("&Document")
        for a in (self.act_regenerate, self.act_zoom_in, self.act_zoom_out):
            doc.addAction(a)
        bar.addMenu("&Tools").addAction(self.act_teach)
        bar.addMenu("&Help").addAction(self.act_about)

    def set_document_actions(self, enabled: bool) -> None:
        for a in (self.act_delete, self.act_export_one, self.act_copy, self.act_undo,
                  self.act_regenerate):
            a.setEnabled(enabled)

    def set_unlocked(self, unlocked: bool) -> None:
        for a in (self.act_add, self.act_add_folder, self.act_export, self.act_lock, self.act_backup,
                  self.act_restore, self.act_passphrase, self.act_teach):
            a.setEnabled(unlocked)
        self.search.setEnabled(unlocked)
        self.kind_filter.setEnabled(unlocked)
        self.date_filter.setEnabled(unlocked)
        if not unlocked:
            self.set_document_actions(False)

    def show_hint(self, title: str, text: str, button: str) -> None:
        self.hint.set_message(title, text, button)
        self.stack.setCurrentWidget(self.hint)

    def show_documents(self) -> None:
        self.stack.setCurrentWidget(self.splitter)

    # --- drag and drop ---------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.act_add.isEnabled():
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and self.act_add.isEnabled():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.files_dropped.emit(paths)

    # --- geometry (QSettings is plaintext on disk: geometry only, never names or values) ----
    def restore_geometry(self, settings: QSettings) -> None:
        geo = settings.value("window/geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        split = settings.value("window/splitter")
        if isinstance(split, QByteArray):
            self.splitter.restoreState(split)

    def save_geometry(self, settings: QSettings) -> None:
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/splitter", self.splitter.saveState())

    closing = Signal()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self.closing.emit()
        super().closeEvent(event)


def date_range(days: int | None) -> tuple[str | None, str | None]:
    """The date filter's choice as ISO bounds: N days back, this year (-1), last year (-2)."""
    today = dt.date.today()
    if not days:
        return None, None
    if days > 0:
        return (today - dt.timedelta(days=days)).isoformat(), None
    year = today.year if days == -1 else today.year - 1
    return f"{year}-01-01", f"{year}-12-31"
