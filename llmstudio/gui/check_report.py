"""What Help > Check project found, shown to the user in one message box.

The check itself is a core job (``llmstudio.core.check``) run in the background; this only
turns its report into words: "no problems", or each problem with its fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from llmstudio.core.check import CheckReport

_SHOWN = 20


def _tr(text: str) -> str:
    return QCoreApplication.translate("CheckReport", text)


def report_text(report: CheckReport) -> str:
    checked = ", ".join(f"{count:,} {area}" for area, count in report.checked.items())
    if report.ok:
        return _tr("No problems found.") + "\n\n" + _tr("Checked: {checked}.").format(checked=checked)
    total = len(report.problems) + sum(report.more.values())
    found = _tr("One problem found (checked {checked}):") if total == 1 else \
        _tr("{count} problems found (checked {checked}):")
    lines = [found.format(count=total, checked=checked), ""]
    lines += [f"• {finding}" for finding in report.problems[:_SHOWN]]
    if total > _SHOWN:
        lines.append(_tr("… and {count} more; run 'llmstudio check' on the folder for the full list.").format(
            count=total - _SHOWN))
    return "\n".join(lines)


def show_check_report(parent: QWidget, report: CheckReport) -> None:
    title = _tr("Check project")
    if report.ok:
        QMessageBox.information(parent, title, report_text(report))
    else:
        QMessageBox.warning(parent, title, report_text(report))
