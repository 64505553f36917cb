"""The two looks of the client (calm default, high contrast) at any zoom from 100 to 200 percent.

Sizes and borders come from one style sheet; colours also go into the palette, because Fusion draws radio
and check indicators from the palette, which a style sheet alone does not recolour.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtGui import QColor, QFontDatabase, QPalette
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 100, 200, 10
BASE_POINT_SIZE = 11.0


@dataclass(frozen=True)
class Colours:
    """The handful of colours a theme is made of."""

    window: str
    surface: str
    text: str
    muted: str
    accent: str
    accent_text: str
    border: str
    warn: str
    danger: str
    ok: str


DEFAULT = Colours(
    window="#f3f4f7",
    surface="#ffffff",
    text="#1b2130",
    muted="#5a6275",
    accent="#1f5fbf",
    accent_text="#ffffff",
    border="#c9ceda",
    warn="#8a5a00",
    danger="#b3261e",
    ok="#1e6b3a",
)
HIGH_CONTRAST = Colours(
    window="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    accent="#ffff00",
    accent_text="#000000",
    border="#ffffff",
    warn="#ffff00",
    danger="#ff8080",
    ok="#80ff80",
)


@dataclass(frozen=True)
class Appearance:
    """Zoom in percent and the contrast choice; immutable, so every change makes a new one."""

    zoom: int = ZOOM_MIN
    high_contrast: bool = False

    def zoomed(self, steps: int) -> Appearance:
        """Zoom in (positive) or out (negative) by whole steps, clamped to 100-200 percent."""
        return replace(self, zoom=max(ZOOM_MIN, min(ZOOM_MAX, self.zoom + steps * ZOOM_STEP)))

    @property
    def colours(self) -> Colours:
        """The colours of the chosen theme."""
        return HIGH_CONTRAST if self.high_contrast else DEFAULT

    @property
    def point_size(self) -> float:
        """The body text size at this zoom."""
        return BASE_POINT_SIZE * self.zoom / 100


def set_style_state(widget: QWidget, name: str, value: object) -> None:
    """Set a property the style sheet selects on (`QLabel[problem="true"]`) and repaint with it."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def center_card(screen: QWidget, card: QWidget, width: int) -> None:
    """Lay `card` out in the middle of a full-window `screen`, `width` parts of 2 + `width` across.

    Stretches rather than alignment flags: an aligned widget only gets its size hint, and word-wrapped labels
    inside it then get the height of a narrow column and are cut off.
    """
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card, width)
    row.addStretch(1)
    layout = QVBoxLayout(screen)
    layout.addStretch(1)
    layout.addLayout(row)
    layout.addStretch(2)


def palette(appearance: Appearance) -> QPalette:
    """A palette matching the style sheet, for the parts Fusion paints itself."""
    c = appearance.colours
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: c.window,
        QPalette.ColorRole.WindowText: c.text,
        QPalette.ColorRole.Base: c.surface,
        QPalette.ColorRole.AlternateBase: c.window,
        QPalette.ColorRole.Text: c.text,
        QPalette.ColorRole.Button: c.surface,
        QPalette.ColorRole.ButtonText: c.text,
        QPalette.ColorRole.Highlight: c.accent,
        QPalette.ColorRole.HighlightedText: c.accent_text,
        QPalette.ColorRole.ToolTipBase: c.surface,
        QPalette.ColorRole.ToolTipText: c.text,
        QPalette.ColorRole.PlaceholderText: c.muted,
    }
    for role, colour in roles.items():
        pal.setColor(role, QColor(colour))
    return pal


def style_sheet(appearance: Appearance) -> str:
    """The style sheet for the whole window at this zoom and contrast."""
    c = appearance.colours
    size = appearance.point_size
    mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()
    focus = 3 if appearance.high_contrast else 2
    indicators = _indicators(appearance)
    return f"""
    * {{ font-size: {size:.1f}pt; }}
    QWidget {{ color: {c.text}; }}
    QMainWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{ background: {c.window}; }}
    QFrame#card {{ background: {c.surface}; border: 1px solid {c.border}; border-radius: 8px; }}
    QLabel#heading {{ font-size: {size * 1.6:.1f}pt; font-weight: 600; }}
    QLabel#subheading {{ font-size: {size * 1.15:.1f}pt; font-weight: 600; }}
    QLabel#muted {{ color: {c.muted}; }}
    QLabel#error {{ color: {c.danger}; border: 2px solid {c.danger}; border-radius: 6px; padding: 8px; }}
    QLabel#notice {{ color: {c.text}; background: {c.surface}; border: 2px solid {c.warn};
                    border-radius: 6px; padding: 6px; }}
    QLabel#countdown {{ font-size: {size * 1.3:.1f}pt; font-weight: 600; padding: 2px 8px;
                       border: 2px solid {c.border}; border-radius: 6px; }}
    QLabel#countdown[urgency="warn"] {{ color: {c.warn}; border-color: {c.warn}; }}
    QLabel#countdown[urgency="urgent"] {{ color: {c.danger}; border-color: {c.danger}; }}
    QLabel[problem="true"], QLabel#muted[problem="true"] {{ color: {c.danger}; }}
    QLabel#warning {{ color: {c.warn}; }}
    QLabel#unsaved {{ border: 2px solid {c.warn}; border-radius: 6px; padding: 10px; }}
    QLabel#receipt {{ font-family: "{mono}"; font-size: {size * 2.4:.1f}pt; font-weight: 700; }}
    QLabel#saved[state="saved"] {{ color: {c.ok}; }}
    QLabel#saved[state="failed"] {{ color: {c.danger}; font-weight: 600; }}
    QDialog {{ background: {c.surface}; border: 2px solid {c.border}; }}
    QPushButton {{ background: {c.surface}; border: {focus}px solid {c.border}; border-radius: 6px;
                  padding: 6px 14px; }}
    QPushButton:default, QPushButton#primary {{ background: {c.accent}; color: {c.accent_text};
                  border-color: {c.accent}; }}
    QPushButton#primary {{ font-weight: 600; }}
    QPushButton:checked {{ border-color: {c.warn}; background: {c.window}; }}
    QPushButton:disabled {{ color: {c.muted}; }}
    QLineEdit, QPlainTextEdit, QTextBrowser, QListWidget, QTreeWidget {{
        background: {c.surface}; border: {focus}px solid {c.border}; border-radius: 6px; padding: 4px; }}
    QPushButton:focus, QLineEdit:focus, QPlainTextEdit:focus, QTextBrowser:focus, QListWidget:focus,
    QTreeWidget:focus, QRadioButton:focus, QCheckBox:focus {{ border-color: {c.accent}; }}
    QPushButton:default:focus, QPushButton#primary:focus {{ border-color: {c.text}; }}
    QRadioButton, QCheckBox {{ padding: 4px; border: {focus}px solid transparent; border-radius: 6px; }}
    {indicators}
    QPlainTextEdit#codeEditor {{ font-family: "{mono}"; }}
    QTreeWidget::item:selected, QListWidget::item:selected {{ background: {c.accent};
        color: {c.accent_text}; }}
    """


def _indicators(appearance: Appearance) -> str:
    """Radio and check indicators that grow with the zoom. Sizes alone keep Fusion's own drawing; in high
    contrast the style sheet draws them, since Fusion's are faint on black."""
    c = appearance.colours
    side = round(16 * appearance.zoom / 100)
    rule = f"QRadioButton::indicator, QCheckBox::indicator {{ width: {side}px; height: {side}px; }}"
    if not appearance.high_contrast:
        return rule
    return f"""{rule}
    QRadioButton::indicator, QCheckBox::indicator {{ border: 2px solid {c.text}; background: {c.surface};
        border-radius: 3px; }}
    QRadioButton::indicator {{ border-radius: {side // 2 + 2}px; }}
    QRadioButton::indicator:checked, QCheckBox::indicator:checked {{ background: {c.accent}; }}
    """
