"""Draw the exam-app icon with Qt and write icon.png (Linux), icon.ico (Windows) and icon.icns (macOS).

`python packaging/make_icon.py` rewrites the three files beside it; they are committed, so a build needs
neither this script nor an image library. The icon is a sheet of paper with a tick on a blue tile, drawn
as vectors at every size (small sizes stay sharp instead of being scaled down from a large bitmap).
The .ico and .icns containers hold PNG images, which Windows (since Vista) and macOS read directly.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

HERE = Path(__file__).resolve().parent
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Apple's types for PNG icons of 128, 256, 512 and 1024 pixels.
ICNS_TYPES = ((b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024))
TILE = QColor("#1d4f91")
PAPER = QColor("#ffffff")
TICK = QColor("#1f9d55")


def draw(size: int) -> bytes:
    """The icon as PNG bytes, `size` pixels square."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / 100, size / 100)  # draw on a 100 x 100 grid
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(TILE)
    painter.drawRoundedRect(QRectF(4, 4, 92, 92), 20, 20)
    paper = QPainterPath()
    paper.moveTo(26, 16)
    paper.lineTo(62, 16)
    paper.lineTo(76, 30)
    paper.lineTo(76, 84)
    paper.lineTo(26, 84)
    paper.closeSubpath()
    painter.setBrush(PAPER)
    painter.drawPath(paper)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(TICK, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
    painter.drawPolyline([QPointF(36, 52), QPointF(47, 64), QPointF(67, 38)])
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """A Windows .ico holding the PNG `images` (size -> bytes)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = size % 256  # 0 means 256 in the one-byte width and height fields
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(blobs))
        blobs += png
    return header + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """A macOS .icns holding the PNG `images` (size -> bytes) under Apple's type codes."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(images[size])) + images[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write icon.png, icon.ico and icon.icns beside this script."""
    sizes = sorted({*ICO_SIZES, *(size for _kind, size in ICNS_TYPES)})
    images = {size: draw(size) for size in sizes}
    (HERE / "icon.png").write_bytes(images[256])
    (HERE / "icon.ico").write_bytes(ico({size: images[size] for size in ICO_SIZES}))
    (HERE / "icon.icns").write_bytes(icns(images))
    return 0


if __name__ == "__main__":
    sys.exit(main())
