"""The interface language: which translation is installed, and locale-aware formatting.

Every visible string goes through Qt's translation system (``self.tr`` in widgets,
``QCoreApplication.translate`` elsewhere); the Simplified Chinese catalogue lives in
``resources/i18n/llmstudio_zh_CN.ts`` and ships compiled (``.qm``). ``packaging/i18n.py``
updates, compiles and checks it. The language defaults to the system locale and can be
changed from View > Language; numbers, sizes and dates are formatted by ``QLocale`` so a
Chinese interface shows Chinese dates and a German one German decimals.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re

from PySide6.QtCore import QCoreApplication, QDateTime, QLibraryInfo, QLocale, QSettings, QTranslator
from PySide6.QtGui import QGuiApplication

from llmstudio.gui.core_messages import translate_core_message
from llmstudio.gui.core_progress import translate_core_text
from llmstudio.resources import resource_path

log = logging.getLogger(__name__)

LANGUAGE_SETTING = "ui/language"
# Language code -> its own name (a language is always listed in itself, so a user can find it).
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
# Families tried, in order, for characters the default font lacks (Windows, macOS, Linux).
CJK_FALLBACK_FONTS = ["Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB",
                      "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback"]

_installed: list[QTranslator] = []


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate collects)
    """Mark a constant for translation; it is translated where it is shown, with ``context``."""
    return text


# Qt's own file dialog labels that qtbase_zh_CN.qm lacks (Qt reworded them); listed here so our
# catalogue carries them under Qt's context, where the file dialog looks them up.
_QT_GAPS = (QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"), QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"))


def system_language() -> str:
    """The supported language closest to the system locale (Chinese locales -> zh_CN)."""
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def chosen_language(settings: QSettings) -> str:
    value = str(settings.value(LANGUAGE_SETTING, "") or "")
    return value if value in LANGUAGES else system_language()


def install_language(language: str) -> bool:
    """Install the translators for ``language`` (replacing any installed before); False if missing."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    # Formats follow the system unless the language differs from it (a German system in English keeps
    # German decimals; Chinese chosen on an English system gets Chinese dates).
    system = QLocale.system()
    same = system.name().split("_")[0] == language.split("_")[0]
    QLocale.setDefault(system if same or language == "en" else QLocale(language))
    ok = True
    ours = QTranslator(app)  # English has one too: the singular and plural of counts ("1 file", "2 files")
    if ours.load(str(resource_path("i18n", f"llmstudio_{language}.qm"))):
        app.installTranslator(ours)
        _installed.append(ours)
    else:
        log.warning("no translation for %s in %s", language, resource_path("i18n"))
        ok = False
    if language == "en":
        return ok
    qt_base = QTranslator(app)  # the standard buttons and dialogs (Yes/No, file dialogs)
    if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        _installed.append(qt_base)
    return ok


def install_font_fallback() -> None:
    """Keep the platform's UI font and add CJK families behind it, so Chinese never shows boxes."""
    if not isinstance(QCoreApplication.instance(), QGuiApplication):
        return
    font = QGuiApplication.font()
    families = [font.family(), *[f for f in CJK_FALLBACK_FONTS if f != font.family()]]
    font.setFamilies(families)
    QGuiApplication.setFont(font)


# What to install where no font has Chinese characters, by platform (Windows and macOS ship one).
CJK_FONT_PACKAGES = ("fonts-noto-cjk or fonts-wqy-microhei (Debian, Ubuntu), google-noto-sans-cjk-fonts (Fedora), "
                     "noto-fonts-cjk (Arch)")


def cjk_font_families() -> list[str]:
    """Installed font families that cover Simplified Chinese (empty: Chinese would show as boxes)."""
    from PySide6.QtGui import QFontDatabase

    return list(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))


def missing_cjk_font(language: str) -> str:
    """A message naming the package to install when ``language`` needs CJK glyphs no installed font has;
    empty when all is well. It stays English: without the font a Chinese message could not be read."""
    if not language.startswith("zh") or not isinstance(QCoreApplication.instance(), QGuiApplication):
        return ""
    if cjk_font_families():
        return ""
    message = ("No installed font has Chinese characters, so the Chinese interface would show empty boxes. "
               f"Install a CJK font, for example the package {CJK_FONT_PACKAGES}, then restart llmstudio.")
    log.warning("%s", message)
    return message


def translate_dynamic(context: str, text: str) -> str:
    """Translate a string that lupdate cannot see at the call (a core setting's label, listed in
    ``settings_strings.py``); the name differs from ``tr``/``translate`` on purpose, so lupdate skips it."""
    return QCoreApplication.translate(context, text)


_RUN_STATUSES = (QT_TRANSLATE_NOOP("RunStatus", "created"), QT_TRANSLATE_NOOP("RunStatus", "running"),
                 QT_TRANSLATE_NOOP("RunStatus", "completed"), QT_TRANSLATE_NOOP("RunStatus", "cancelled"),
                 QT_TRANSLATE_NOOP("RunStatus", "failed"))


_SPLITS = (QT_TRANSLATE_NOOP("Splits", "train"), QT_TRANSLATE_NOOP("Splits", "validation"),
           QT_TRANSLATE_NOOP("Splits", "test"))


def split_name(split: str) -> str:
    """A data split's name (train, validation, test) in the interface language."""
    return translate_dynamic("Splits", split)


def run_name(run_id: int, name: str) -> str:
    """A run's name as shown: the core's default name ("run 3") in the interface language, a name the
    user gave as it is."""
    if name == f"run {run_id}":
        return QCoreApplication.translate("Runs", "run {id}").format(id=run_id)
    return name


def run_title(run_id: int, name: str) -> str:
    """How a list names a run: "run 3" when it has the core's default name (not "run 3: run 3"), else
    "run 3: baseline"."""
    if name == f"run {run_id}":
        return run_name(run_id, name)
    return QCoreApplication.translate("Runs", "run {id}: {name}").format(id=run_id, name=name)


def run_status(status: str) -> str:
    """A run's status (created, running, completed, cancelled, failed) in the interface language."""
    return translate_dynamic("RunStatus", status)


# ---------------------------------------------------------------------- formatting
def tr(text: str, context: str = "Format") -> str:
    return QCoreApplication.translate(context, text)


def human_size(n_bytes: float) -> str:
    """35 KB, 1.2 MB, 3.4 GB: the locale's decimal separator, never '0.0 MB'."""
    return QLocale().formattedDataSize(int(max(0, n_bytes)), 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def device_choice(info: object) -> str:
    """A device as a drop-down shows it: 'cuda:0 — NVIDIA H200, 150 GB', its description translated."""
    memory = getattr(info, "memory_bytes", None)
    described = translate_core_message(str(getattr(info, "description", "")))
    return f"{getattr(info, 'name', '')} — {described}" + (f", {human_size(memory)}" if memory else "")


def human_number(value: float, decimals: int = 0) -> str:
    return QLocale().toString(float(value), "f", decimals) if decimals else QLocale().toString(int(round(value)))


def human_flops(value: float) -> str:
    """'3.20 GFLOPs', '6.42 EFLOPs', scientific beyond exa: never '6424477.76T FLOPs'."""
    for scale, prefix in ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if value >= scale:
            if value >= 1000 * 1e18:
                mantissa, exponent = f"{value:.2e}".split("e")
                return f"{QLocale().toString(float(mantissa), 'f', 2)}×10^{int(exponent)} FLOPs"
            return f"{QLocale().toString(float(value / scale), 'f', 2)} {prefix}FLOPs"
    return f"{QLocale().toString(float(value), 'f', 0)} FLOPs"


def human_datetime(value: str | _dt.datetime | None) -> str:
    """An ISO timestamp from the database in the locale's short date-time format, local time."""
    if not value:
        return "-"
    try:
        moment = value if isinstance(value, _dt.datetime) else _dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.UTC)
    stamp = QDateTime.fromSecsSinceEpoch(int(moment.timestamp())).toLocalTime()
    return QLocale().toString(stamp, QLocale.FormatType.ShortFormat)


def count_text(n: int, one: str, many: str) -> str:
    """'1 file', '3 files' with the locale's digit grouping; ``one``/``many`` contain '{n}'."""
    return (one if n == 1 else many).replace("{n}", QLocale().toString(int(n)))


_CLI_HINTS = [  # (pattern, replacement): core messages name CLI commands; the app names its own controls
    (re.compile(r"create (?:a project|one) with '?llmstudio new [^']*'?"), "create one with File > New project"),
    (re.compile(r"\s*\(or '?llmstudio [^)]*\)"), ""),
    (re.compile(r",?\s*or (?:import \w+ with |use |run )?'llmstudio [^']*'"), ""),
    (re.compile(r";? or llmstudio \w+ .*$"), ""),
    (re.compile(r", or --help\)"), ")"),  # where every setting is listed: the app has no --help
]


def without_cli(message: str) -> str:
    """Drop the command-line alternatives from a core message shown in a dialog."""
    for pattern, replacement in _CLI_HINTS:
        message = pattern.sub(replacement, message)
    return message


def sentence(message: str) -> str:
    """A message as a sentence: in the interface language where the core's wording is known
    (``core_messages``), capital first letter (core errors start in lower case)."""
    message = translate_core_text(without_cli(message).strip())  # a run's end ("trained 30 steps; ...") or an error
    if not message:
        return message
    first = message.split(" ", 1)[0]
    if not any(c in first for c in "._/\\=") and not first[:1].isdigit():  # never 'Train.lr' or a path
        message = message[:1].upper() + message[1:]
    if message[-1] in ".!?。！？":
        return message
    chinese = message[-1] > "\x7f" and any("\u4e00" <= ch <= "\u9fff" for ch in message)  # not "… label '情绪'"
    return message + ("。" if chinese else ".")  # a Chinese sentence ends in a Chinese full stop
