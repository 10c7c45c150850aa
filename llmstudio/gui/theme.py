"""Light and dark appearance that follows the system, plots included.

Qt reports the system's colour scheme (``QStyleHints.colorScheme``). On a dark system we
switch to the Fusion style with a dark palette (the native styles of some platforms
ignore dark mode); plots read their colours from the palette, and redraw when it
changes, so a loss curve is never a white box in a dark window.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

_light_palette: QPalette | None = None
_light_style: str | None = None
_forced: bool | None = None  # a theme chosen in code (screenshots, tests); None follows the system


def system_is_dark() -> bool:
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a", QPalette.ColorRole.AlternateBase: "#2a2b2e",
        QPalette.ColorRole.ToolTipBase: "#2a2b2e", QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.Button: "#2d2e31",
        QPalette.ColorRole.ButtonText: "#e8eaed", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#2f6fdf", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.PlaceholderText: "#9aa0a6",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6f7378"))
    return palette


def apply_theme(app: QApplication, dark: bool | None = None) -> bool:
    """Apply the dark or light look (``None``: follow the system); returns whether it is dark."""
    global _light_palette, _light_style, _forced
    _forced = dark
    if _light_palette is None:
        _light_palette = QPalette(app.palette())
        _light_style = app.style().name()
    dark = system_is_dark() if dark is None else dark
    if dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    else:
        if _light_style:
            app.setStyle(_light_style)
        app.setPalette(_light_palette)
    sheet = app.styleSheet()
    if sheet:  # widgets polished by a style sheet keep their old palette until it is applied again
        app.setStyleSheet("")
        app.setStyleSheet(sheet)
    app.setProperty("darkTheme", dark)
    return dark


def follow_system(app: QApplication) -> None:
    QGuiApplication.styleHints().colorSchemeChanged.connect(lambda _scheme: apply_theme(app, _forced))


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color() -> str:
    """Red that reads on either background."""
    return "#ff6b6b" if is_dark() else "#b00020"
