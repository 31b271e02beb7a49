"""Render the app icon into every file a desktop needs: hicolor PNGs, an ICO, an ICNS.

Run with the project's venv (`make icons`); the output is committed. The
files are the same bytes on every run: PNGs keep only their critical chunks
(no time, no resolution, no text), and the ICO and ICNS containers are
written here with struct, in a fixed order.

Usage:
    python packaging/make_icons.py [--out DIR]

DIR defaults to this folder (packaging/); the script writes
DIR/icons/hicolor/..., DIR/windows/balint-desktop.ico and
DIR/macos/balint-desktop.icns.
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The app's own icon (also its window icon, through the .qrc).
FULL_SVG = HERE.parent / "resources" / "icons" / "balint-desktop.svg"
# The full drawing loses its ring and dots below 33 px; this one is drawn for
# those sizes. It lives here, not in resources/icons, because the app never
# loads it (every file there is listed in the .qrc).
SMALL_SVG = HERE / "icon-sources" / "balint-desktop-small.svg"
SMALL_UP_TO = 32
NAME = "balint-desktop"

HICOLOR_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS types that hold PNG data, by pixel size (Apple's "icp4".."ic10").
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Everything else (pHYs, tIME, tEXt, ...) is metadata that may change between runs.
CRITICAL_CHUNKS = {b"IHDR", b"PLTE", b"IDAT", b"IEND"}


def strip_png(data: bytes) -> bytes:
    """Return the PNG with only its critical chunks, so equal pixels give equal bytes.

    Args:
        data: a whole PNG file.

    Returns:
        The same image without ancillary chunks.

    Raises:
        ValueError: the data is not a well-formed PNG.
    """
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG")
    out = [PNG_SIGNATURE]
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunk_type = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise ValueError("truncated PNG chunk")
        if chunk_type in CRITICAL_CHUNKS:
            out.append(data[pos:end])
        pos = end
    return b"".join(out)


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """Return a Windows ICO holding one PNG-compressed image per size (Vista and later).

    Args:
        pngs: PNG bytes by pixel size; written smallest first.

    Returns:
        The ICO file.
    """
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))  # reserved, type 1 = icon, count
    offset = len(header) + 16 * len(sizes)
    entries = []
    for size in sizes:
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in a one-byte field
        # width, height, palette colours, reserved, planes, bits per pixel, size, offset
        entries.append(struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset))
        offset += len(data)
    return header + b"".join(entries) + b"".join(pngs[size] for size in sizes)


def build_icns(pngs: dict[bytes, bytes]) -> bytes:
    """Return a macOS ICNS whose entries are PNG data.

    Args:
        pngs: PNG bytes by ICNS type code, in the order they are written.

    Returns:
        The ICNS file.
    """
    body = b"".join(kind + struct.pack(">I", 8 + len(data)) + data for kind, data in pngs.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def write(path: Path, data: bytes) -> None:
    """Write the file only when its bytes change, so a rerun leaves git clean."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and path.read_bytes() == data:
        return
    path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    """Render every icon file into the output folder.

    Args:
        argv: command-line arguments without the program name.

    Returns:
        The exit code.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=HERE, help="output folder (default: %(default)s)"
    )
    args = parser.parse_args(argv)
    out: Path = args.out

    # Rendering needs a QGuiApplication but no display.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QImageWriter, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])
    renderers = {path: QSvgRenderer(str(path)) for path in (FULL_SVG, SMALL_SVG)}
    for path, renderer in renderers.items():
        if not renderer.isValid():
            print(f"cannot read {path}", file=sys.stderr)
            return 1

    def render(size: int) -> bytes:
        source = SMALL_SVG if size <= SMALL_UP_TO else FULL_SVG
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderers[source].render(painter)
        painter.end()
        buffer_data = QByteArray()
        buffer = QBuffer(buffer_data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QImageWriter(buffer, QByteArray(b"png"))
        # For PNG, Qt 6 maps quality 0 to zlib level 9; setCompression() turned
        # compression off instead (files as big as the raw pixels).
        writer.setQuality(0)
        if not writer.write(image.convertToFormat(QImage.Format.Format_ARGB32)):
            raise RuntimeError(f"PNG {size}px: {writer.errorString()}")
        buffer.close()
        return strip_png(bytes(buffer_data.data()))

    sizes = sorted({*HICOLOR_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: render(size) for size in sizes}

    hicolor = out / "icons" / "hicolor"
    for size in HICOLOR_SIZES:
        write(hicolor / f"{size}x{size}" / "apps" / f"{NAME}.png", pngs[size])
    write(hicolor / "scalable" / "apps" / f"{NAME}.svg", FULL_SVG.read_bytes())
    write(out / "windows" / f"{NAME}.ico", build_ico({s: pngs[s] for s in ICO_SIZES}))
    write(out / "macos" / f"{NAME}.icns", build_icns({k: pngs[s] for k, s in ICNS_TYPES}))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
