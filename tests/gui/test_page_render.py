"""The Page tab shows the real page (drawn by the sandboxed renderer) with the selected field's
box highlighted on the text; the text layout stays when no picture can be drawn."""
from __future__ import annotations

import io
import math
from pathlib import Path

from conftest import INVOICE_LINES, drop
from pdfgen import text_pdf
from PIL import Image
from PySide6.QtGui import QColor, QImage

from desktop_app.core.entities import ParsedDocument, TextLine
from desktop_app.core.errors import DamagedDocument
from desktop_app.gui.document_view import DocumentView
from desktop_app.gui.page_images import MAX_PIXELS, PageImages


def _dark_share(img: QImage, x0: int, y0: int, x1: int, y1: int) -> float:
    dark = total = 0
    for y in range(max(y0, 0), min(y1, img.height())):
        for x in range(max(x0, 0), min(x1, img.width())):
            total += 1
            dark += QColor(img.pixel(x, y)).lightness() < 128
    return dark / max(total, 1)


def test_pdf_page_picture_and_the_highlight_lands_on_the_text(qtbot, coffer, tmp_path: Path) -> None:
    pdf = tmp_path / "two-page-invoice.pdf"
    pdf.write_bytes(text_pdf([INVOICE_LINES, ["Page two", "Payment terms: 30 days"]]))
    w = coffer.window
    drop(w, [pdf])
    qtbot.waitUntil(lambda: w.doc_model.rowCount() == 1 and w.doc_model.rows[0].state == "done",
                    timeout=30000)
    w.doc_list.selectRow(0)
    view = w.document_view
    qtbot.waitUntil(lambda: view.canvas.image is not None, timeout=20000)
    assert view.mode_label.text() == "Page picture"
    # the picture: the page's shape at the pixel budget (612×792 pt → about 1759×2273 px)
    image = view.canvas.image
    scale = math.sqrt(MAX_PIXELS / (612 * 792))
    assert abs(image.width() - 612 * scale) <= 1 and abs(image.height() - 792 * scale) <= 1

    # select a field found in the text: its box is where its characters are printed
    fields = w.fields.model.fields
    row = next(i for i, f in enumerate(fields) if f.raw and f.span and f.name == "total")
    w.fields.table.selectRow(row)
    box = view.canvas.highlight
    assert box is not None and view.canvas.page == 0
    k = image.width() / 612  # picture pixels per point
    x0, y0, x1, y1 = (round(v * k) for v in box)
    assert _dark_share(image, x0, y0, x1, y1) > 0.05  # ink under the highlight
    assert _dark_share(image, x1 + 40, y0, x1 + 40 + (x1 - x0), y1) == 0  # paper beside it
    line_h = y1 - y0
    assert _dark_share(image, x0, y1 + line_h * 3, x1, y1 + line_h * 4) == 0  # below the last line
    # on screen: the painted highlight covers the same place on the scaled picture
    rect = view.canvas.highlight_rect()
    shot = view.canvas.grab().toImage()
    c = QColor(shot.pixel(int(rect.left()) + 1, int(rect.center().y())))
    assert c.red() > 200 and c.blue() < 200  # amber over paper

    # page two: asked for when shown, drawn by the same sandboxed renderer
    view.page_spin.setValue(2)
    qtbot.waitUntil(lambda: view.canvas.image is not None and view.canvas.page == 1, timeout=20000)
    assert view.canvas.image is not image
    # back to page one: the picture is kept, not drawn again
    view.page_spin.setValue(1)
    assert view.canvas.image is image
    # a correction reloads the record: the picture stays, nothing is drawn again
    ctl, before = coffer.controller, w.fields.record
    ctl._reload(ctl.current.id, row)
    qtbot.waitUntil(lambda: w.fields.record is not before, timeout=10000)
    assert view.canvas.image is image and not ctl.pages.busy

    # locking forgets the pictures and the document's bytes
    coffer.controller.lock()
    assert view.canvas.image is None and coffer.controller.pages._content is None


def _scan_png(width: int, height: int) -> bytes:
    img = Image.new("RGB", (width, height), "white")
    img.paste((0, 0, 0), (100, 50, 300, 90))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def test_a_scan_is_shown_as_its_picture_with_ocr_boxes_in_pixels(qtbot) -> None:
    """Scans go through the same sandboxed renderer (Pillow in the child, EXIF-upright), never
    decoded from the original bytes in the GUI process."""
    text = "TOTAL 12.50"
    parsed = ParsedDocument(text=text, lines=[TextLine(0, len(text), 0, (100.0, 50.0, 300.0, 90.0), 0.9)],
                            media_type="image/png", page_sizes=[(800.0, 1000.0)], ocr_used=True)
    view = DocumentView()
    qtbot.addWidget(view)
    view.resize(500, 700)
    view.show()
    pages = PageImages(view)
    view.set_document(parsed)
    pages.show("image/png", _scan_png(800, 1000))
    assert view.mode_label.text().startswith("Text layout")  # meanwhile: the OCR lines
    qtbot.waitUntil(lambda: view.canvas.image is not None, timeout=20000)
    assert view.mode_label.text() == "Scan"
    assert (view.canvas.image.width(), view.canvas.image.height()) == (800, 1000)
    assert view.canvas.page_size() == (800.0, 1000.0)
    pages.shutdown()


class _Broken:
    def render(self, *_args: object, **_kwargs: object) -> bytes:
        raise DamagedDocument("Page 1 of this PDF could not be drawn.")


def test_no_picture_keeps_the_text_layout_and_says_why(qtbot) -> None:
    text = "Total due GBP 1440.00"
    parsed = ParsedDocument(text=text, lines=[TextLine(0, len(text), 0, (72.0, 60.0, 200.0, 72.0))],
                            media_type="application/pdf", page_sizes=[(612.0, 792.0)])
    view = DocumentView()
    qtbot.addWidget(view)
    pages = PageImages(view, renderer=_Broken())
    view.set_document(parsed)
    pages.show("application/pdf", b"%PDF-1.4 whatever")
    qtbot.waitUntil(lambda: "no page picture" in view.mode_label.text(), timeout=5000)
    assert view.mode_label.text().startswith("Text layout")
    assert "could not be drawn" in view.mode_label.toolTip()
    assert view.canvas.image is None and view.canvas.grab().width() > 100
    pages.shutdown()
