"""Qt item models: the document list (with live batch states), the fields and the list rows."""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop_app.core.entities import DocumentRecord, Field, Row
from desktop_app.core.schemas import SchemaSet

Index = QModelIndex | QPersistentModelIndex

STAGE_LABELS = {
    "queued": "Queued", "reading": "Reading…", "ocr": "OCR…", "classifying": "Extracting…",
    "extracting": "Extracting…", "summarizing": "Summarising…", "saving": "Saving…",
    "done": "Done", "failed": "Failed", "cancelled": "Cancelled",
}


@dataclass
class DocRow:
    """A row of the document list: a stored record, or a file still in (or failed in) a batch."""

    name: str
    state: str = "queued"
    message: str = ""
    record: DocumentRecord | None = None
    batch: tuple[int, int] | None = None  # (batch id, index) while the file is in a batch

    @property
    def doc_id(self) -> int | None:
        return self.record.id if self.record else None


class DocumentListModel(QAbstractTableModel):
    COLUMNS = ("Document", "Kind", "Date", "State")

    def __init__(self, schemas: SchemaSet) -> None:
        super().__init__()
        self.schemas = schemas
        self.rows: list[DocRow] = []

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def kind_title(self, kind: str) -> str:
        return self.schemas[kind].title if kind in self.schemas else "Other"

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return row.name
            if col == 1:
                return self.kind_title(row.record.kind) if row.record and row.state == "done" else ""
            if col == 2:
                return (row.record.date or row.record.added_at[:10]) if row.record else ""
            label = STAGE_LABELS.get(row.state, row.state)
            return f"{label}: {row.message}" if row.state == "failed" and row.message else label
        if role == Qt.ItemDataRole.ToolTipRole and row.message:
            return plain_tooltip(row.message)
        if role == Qt.ItemDataRole.ToolTipRole and col in (0, 1):  # the full name or kind, elided
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return plain_tooltip(text) if text else None
        if role == Qt.ItemDataRole.ForegroundRole and col == 3 and row.state == "failed":
            return Qt.GlobalColor.red
        return None

    # --- updates ------------------------------------------------------------------------------
    def set_records(self, records: list[DocumentRecord]) -> None:
        """Stored documents, keeping rows of a running batch (and failures) at the top."""
        self.beginResetModel()
        live = [r for r in self.rows if r.record is None]
        self.rows = live + [DocRow(name=r.name, state=r.status if r.status in STAGE_LABELS else "done",
                                   message=r.error, record=r) for r in records]
        self.endResetModel()

    def add_pending(self, batch_id: int, names: list[str]) -> None:
        self.beginInsertRows(QModelIndex(), 0, len(names) - 1)
        self.rows[0:0] = [DocRow(name=n, batch=(batch_id, i)) for i, n in enumerate(names)]
        self.endInsertRows()

    def find_batch_row(self, batch_id: int, index: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.batch == (batch_id, index)), -1)

    def find_doc(self, doc_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r.doc_id == doc_id), -1)

    def set_state(self, row: int, state: str, message: str = "") -> None:
        self.rows[row].state, self.rows[row].message = state, message
        self._changed(row)

    def finish(self, row: int, record: DocumentRecord | None, error: str, duplicate: bool) -> None:
        r = self.rows[row]
        if duplicate and record is not None and self.find_doc(record.id) >= 0:
            self.remove(row)  # already listed: the existing row stands for it
            return
        r.record, r.batch = record, None
        if record is not None:
            r.name = record.name
        r.state, r.message = ("failed", error) if error else ("done", "")
        self._changed(row)

    def replace_record(self, record: DocumentRecord) -> None:
        row = self.find_doc(record.id)
        if row >= 0:
            self.rows[row].record = record
            self.rows[row].state = "failed" if record.status == "failed" else "done"
            self.rows[row].message = record.error
            self._changed(row)

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.rows[row]
        self.endRemoveRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.endResetModel()

    def _changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))


def plain_tooltip(text: str) -> str:
    """N5: Qt renders a tooltip as HTML when it merely looks like HTML. Text that does (a file
    name like '<img src=...>.pdf' in an error) is escaped, so it shows as the characters it is."""
    if not QtGui.Qt.mightBeRichText(text):  # lives in QtGui's Qt namespace in PySide6
        return text
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


NOT_FOUND = "not found in document"


class FieldTableModel(QAbstractTableModel):
    """Name, value (editable: an edit is a correction), confidence, where it was found."""

    COLUMNS = ("Field", "Value", "Confidence", "Found")
    edited = Signal(str, str)  # field name, new raw value

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[Field] = []
        self.labels: dict[str, str] = {}
        self.types: dict[str, str] = {}

    def set_fields(self, fields: list[Field], labels: dict[str, str], types: dict[str, str]) -> None:
        self.beginResetModel()
        self.fields, self.labels, self.types = list(fields), labels, types
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else base

    def field_at(self, row: int) -> Field | None:
        return self.fields[row] if 0 <= row < len(self.fields) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        f = self.fields[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == 0:
                return self.labels.get(f.name, f.name)
            if col == 1:
                return display_value(f)
            if col == 2:
                if f.raw is None:
                    return ""
                if f.source == "person":
                    return "corrected"
                return f"{f.confidence:.0%} · check" if f.uncertain else f"{f.confidence:.0%}"
            if f.raw is None:
                return ""
            return "✓ in document" if f.grounded else "⚠ " + NOT_FOUND
        if role == Qt.ItemDataRole.EditRole and col == 1:
            return f.value if f.value is not None else (f.raw or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f.note) if f.note else None
        if role == Qt.ItemDataRole.UserRole:
            return self.types.get(f.name, f.type)
        if role == Qt.ItemDataRole.ForegroundRole and f.raw is not None and f.source != "person" and (
                (col == 3 and not f.grounded) or (col == 2 and f.uncertain)):
            return QColor(178, 106, 0)  # amber: readable on light and dark backgrounds
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or index.column() != 1:
            return False
        f = self.fields[index.row()]
        text = "" if value is None else str(value).strip()
        if text == (f.value if f.value is not None else (f.raw or "")):
            return False
        self.edited.emit(f.name, text)
        return True

    def clear(self) -> None:
        self.set_fields([], {}, {})


def display_value(f: Field) -> str:
    """The printed value, and the normalised one when it differs (for dates and amounts)."""
    if f.raw is None and f.value is None:
        return "—"
    if f.value and f.raw and f.value != f.raw:
        return f"{f.raw}  →  {f.value}"
    return f.value or f.raw or ""


class RowsTableModel(QAbstractTableModel):
    """One list (line items, transactions, lab results, medications) as a read-only table."""

    def __init__(self, rows: list[Row], labels: dict[str, str]) -> None:
        super().__init__()
        self.rows = rows
        cols: dict[str, None] = {}
        for row in rows:
            for name in row:
                cols.setdefault(name, None)
        self.cols = list(cols)
        self.labels = labels

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008,N802
        return len(self.cols)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                name = self.cols[section]
                return self.labels.get(name, name.replace("_", " ").capitalize())
            return str(section + 1)
        return None

    def cell(self, index: Index) -> Field | None:
        return self.rows[index.row()].get(self.cols[index.column()])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        c = self.cell(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (c.value or c.raw or "") if c else ""
        return None
