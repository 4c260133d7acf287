"""Reading documents into text with line positions: sniffing, limits, PDF, OCR, DOCX, text."""
