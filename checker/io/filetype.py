"""What a file is by its first bytes, apart from the readers: the YAML reader, which the area catalog uses on every
start (`hyojun areas`), names a workbook given as YAML without loading the workbook reader and python-calamine."""

from __future__ import annotations

ZIP_MAGIC = b"PK\x03\x04"  # .xlsx, .xlsm (and any zip)
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls (and any OLE compound file)
PDF_MAGIC = b"%PDF"


def binary_document(data: bytes) -> str | None:
    """What a file is by its first bytes when it is no text: 「Excel ブック」 (a zip: .xlsx; an OLE file: .xls) or
    「PDF ファイル」, for the message of a reader of text (a YAML given a workbook); None otherwise."""
    if data.startswith((ZIP_MAGIC, OLE_MAGIC)):
        return "Excel ブック"
    return "PDF ファイル" if data.startswith(PDF_MAGIC) else None
