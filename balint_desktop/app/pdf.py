"""Write simple HTML as a PDF (QPdfWriter + QTextDocument, no extra dependency).

The PDF is rendered in memory and written with the same care as the vault's
own files: to a temporary file beside the target, flushed, then renamed over
it, readable by the owner only. A failure leaves any earlier file untouched.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument


def render_pdf(html: str, title: str) -> bytes:
    """Return `html` laid out on A4 pages as PDF bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("")  # a found file should not say which program kept the notes
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter)
    document = QTextDocument()
    document.setDefaultStyleSheet("body { font-size: 10pt; } th { text-align: left; }")
    document.setHtml(html)
    document.print_(writer)
    del writer  # finishes the file
    buffer.close()
    return bytes(data.data())


def write_pdf(html: str, path: Path, title: str) -> None:
    """Render and write a PDF to `path` atomically; raise OSError on failure."""
    content = render_pdf(html, title)
    folder = path.parent
    handle, temp = tempfile.mkstemp(prefix=".pdf-", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
            out.flush()
            os.fsync(out.fileno())
        with contextlib.suppress(OSError):
            os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
