"""The right-hand panel: kind drop-down, editable fields, list sub-tables, summary with Regenerate."""
from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.core.entities import DocumentRecord, Field
from desktop_app.core.schemas import SchemaSet

from .models import FieldTableModel, RowsTableModel

AMOUNT_PATTERN = r"^-?[0-9][0-9 .,']*$"


class TypedFieldDelegate(QStyledItemDelegate):
    """A date picker for dates, a checked line edit for amounts, plain text for the rest."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        kind = index.data(Qt.ItemDataRole.UserRole)
        if kind == "date":
            editor = QDateEdit(parent)
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            editor.setAccessibleName("Date value")
            return editor
        editor = QLineEdit(parent)
        editor.setAccessibleName("Field value")
        if kind in ("money", "number", "percent"):
            editor.setValidator(QRegularExpressionValidator(AMOUNT_PATTERN, editor))
            editor.setPlaceholderText("e.g. 1234.50")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        value = index.data(Qt.ItemDataRole.EditRole) or ""
        if isinstance(editor, QDateEdit):
            date = QDate.fromString(str(value)[:10], "yyyy-MM-dd")
            editor.setDate(date if date.isValid() else QDate.currentDate())
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value))

    def setModelData(self, editor: QWidget, model: Any,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QDateEdit):
            model.setData(index, editor.date().toString("yyyy-MM-dd"))
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class FieldsPanel(QWidget):
    """Shows one document's extraction; emits what the person asks for, does no work itself."""

    kind_chosen = Signal(str)
    field_selected = Signal(object)  # Field | None
    regenerate_requested = Signal()
    copy_requested = Signal()
    undo_requested = Signal()

    def __init__(self, schemas: SchemaSet) -> None:
        super().__init__()
        self.schemas = schemas
        self.record: DocumentRecord | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

        top = QHBoxLayout()
        self.title = QLabel("No document selected")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # N5: names come from files
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("Kind:"))
        self.kind = QComboBox()
        self.kind.setAccessibleName("Document kind")
        self.kind.setToolTip("Change the kind to read the fields again for that kind")
        for k in schemas.kinds():
            self.kind.addItem(schemas[k].title, k)
        self.kind.addItem("Other", "other")
        self.kind.activated.connect(self._on_kind_activated)
        top.addWidget(self.kind)
        lay.addLayout(top)

        self.checks = QLabel("")
        self.checks.setTextFormat(Qt.TextFormat.PlainText)
        self.checks.setWordWrap(True)
        self.checks.setObjectName("checks")
        self.checks.hide()
        lay.addWidget(self.checks)

        split = QSplitter(Qt.Orientation.Vertical)
        self.model = FieldTableModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Fields")
        self.table.setItemDelegateForColumn(1, TypedFieldDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        head = self.table.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        split.addWidget(self.table)

        self.lists = QTabWidget()
        self.lists.setAccessibleName("Lists")
        split.addWidget(self.lists)

        summary_box = QWidget()
        sl = QVBoxLayout(summary_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sh = QHBoxLayout()
        sh.addWidget(QLabel("Summary"))
        sh.addStretch(1)
        self.regenerate = QPushButton("Regenerate")
        self.regenerate.setToolTip("Read the document again and write a new summary")
        self.regenerate.clicked.connect(self.regenerate_requested)
        sh.addWidget(self.regenerate)
        sl.addLayout(sh)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)  # model text: plain text only (N5)
        self.summary.setAccessibleName("Summary")
        self.summary.setMaximumHeight(110)
        sl.addWidget(self.summary)
        split.addWidget(summary_box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setStretchFactor(2, 1)
        lay.addWidget(split, 1)

        buttons = QHBoxLayout()
        self.copy = QPushButton("Copy value")
        self.copy.setToolTip("Copy the selected value (the clipboard is cleared again shortly)")
        self.copy.clicked.connect(self.copy_requested)
        self.undo = QPushButton("Undo correction")
        self.undo.clicked.connect(self.undo_requested)
        buttons.addWidget(self.copy)
        buttons.addWidget(self.undo)
        buttons.addStretch(1)
        self.hint = QLabel("Double-click a value to correct it.")
        self.hint.setObjectName("hint")
        buttons.addWidget(self.hint)
        lay.addLayout(buttons)
        self.clear()

    # --- showing ------------------------------------------------------------------------------
    def clear(self) -> None:
        self.record = None
        self.title.setText("No document selected")
        self.model.clear()
        self.lists.clear()
        self.lists.hide()
        self.summary.setPlainText("")
        self.checks.hide()
        self.kind.setCurrentIndex(-1)
        for w in (self.kind, self.regenerate, self.copy, self.undo):
            w.setEnabled(False)

    def set_busy(self, busy: bool, message: str = "") -> None:
        for w in (self.kind, self.regenerate):
            w.setEnabled(not busy and self.record is not None)
        self.table.setEnabled(not busy)
        if message:
            self.summary.setPlainText(message)

    def show_record(self, record: DocumentRecord, keep_row: int = -1) -> None:
        self.record = record
        self.title.setText(record.name)
        ex = record.extraction
        kind = ex.kind if ex else record.kind
        at = self.kind.findData(kind)
        self.kind.setCurrentIndex(at if at >= 0 else self.kind.count() - 1)
        schema = self.schemas[kind] if kind in self.schemas else None
        labels = {f.name: f.label for f in schema.fields} if schema else {}
        types = {f.name: f.type for f in schema.fields} if schema else {}
        self.model.set_fields(ex.fields if ex else [], labels, types)
        self.lists.clear()
        if ex:
            for ls_name, rows in ex.lists.items():
                if not rows:
                    continue
                spec = next((s for s in schema.lists if s.name == ls_name), None) if schema else None
                col_labels = {c.name: (c.label if c.label and c.label != c.name
                                       else c.name.replace("_", " ").capitalize())
                              for c in spec.columns} if spec else {}
                view = QTableView()
                view.setModel(RowsTableModel(rows, col_labels))
                view.setAccessibleName(spec.label if spec else ls_name)
                view.resizeColumnsToContents()  # short columns (unit, flag) stay narrow
                for c in range(view.model().columnCount()):
                    view.setColumnWidth(c, min(max(view.columnWidth(c), 48), 220))
                view.horizontalHeader().setStretchLastSection(True)
                view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
                self.lists.addTab(view, f"{spec.label if spec else ls_name} ({len(rows)})")
        self.lists.setVisible(self.lists.count() > 0)
        if record.status == "failed" and record.error:
            self.summary.setPlainText(record.error)
        else:
            self.summary.setPlainText(ex.summary if ex else "")
        problems = list(ex.checks) if ex else []
        self.checks.setText("\n".join("⚠ " + c for c in problems))
        self.checks.setVisible(bool(problems))
        for w in (self.kind, self.regenerate, self.copy, self.undo):
            w.setEnabled(True)
        if 0 <= keep_row < self.model.rowCount():
            self.table.selectRow(keep_row)

    def current_field(self) -> Field | None:
        return self.model.field_at(self.table.currentIndex().row())

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.field_selected.emit(self.model.field_at(current.row()))

    def _on_kind_activated(self, _index: int) -> None:
        kind = self.kind.currentData()
        if self.record is not None and kind and kind != (self.record.extraction.kind
                                                          if self.record.extraction else self.record.kind):
            self.kind_chosen.emit(kind)

