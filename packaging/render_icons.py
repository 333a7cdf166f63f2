"""Render the app icon's PNGs (and the Windows .ico) from its one SVG source, with Qt.

    python packaging/render_icons.py      # writes fine_tune_studio/resources/icons/*.png

Qt's SVG renderer (QtSvg, part of PySide6-Essentials) is used so that no other tool is
needed. The outputs are committed: the app sets them as its window icon, the wheel and
the bundle carry them, and packaging/install-linux.sh copies them into the hicolor theme.
The Windows .ico and the macOS .icns are made from the 512 px PNG by PyInstaller itself
(with Pillow, which the Windows and macOS recipes install) at build time.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "fine_tune_studio" / "resources" / "icons"
SOURCE = ICONS / "fine-tune-studio.svg"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def png_path(size: int) -> Path:
    return ICONS / f"fine-tune-studio-{size}.png"


def render(size: int) -> QImage:

    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        raise SystemExit(f"{SOURCE} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    images = {size: render(size) for size in SIZES}
    for size, image in images.items():
        if not image.save(str(png_path(size)), "PNG"):
            raise SystemExit(f"could not write {png_path(size)}")
        print(png_path(size).relative_to(REPO))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
