"""What Help > Check project found, shown to the user in one message box.

The check itself is a core job (``llmstudio.core.check``) run in the background; this only
turns its report into words: "no problems", or each problem with its fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

if TYPE_CHECKING:
    from llmstudio.core.check import CheckReport

_SHOWN = 20


class CheckReportWords(QObject):
    """The report's words; a QObject so lupdate collects them (a plain helper's strings were never listed
    for translation, so a Chinese window said "No problems found.")."""

    def area(self, area: str, count: int) -> str:
        """What the check counted, with plural forms ("1 snapshot", "3 snapshots"; "3 个快照")."""
        forms = {"database": lambda: self.tr("%Ln database(s)", "", count),
                 "documents": lambda: self.tr("%Ln document(s)", "", count),
                 "snapshots": lambda: self.tr("%Ln snapshot(s)", "", count),
                 "tokenizers": lambda: self.tr("%Ln tokenizer(s)", "", count),
                 "checkpoints": lambda: self.tr("%Ln checkpoint(s)", "", count),
                 "search index": lambda: self.tr("%Ln search index(es)", "", count)}
        form = forms.get(area)
        return form() if form is not None else f"{count:,} {area}"  # an area added to the core later

    def text(self, report: CheckReport) -> str:
        checked = QLocale().createSeparatedList([self.area(area, count) for area, count in report.checked.items()])
        if report.ok:
            return self.tr("No problems found.") + "\n\n" + self.tr("Checked: {checked}.").format(checked=checked)
        total = len(report.problems) + sum(report.more.values())
        found = self.tr("%Ln problem(s) found (checked {checked}):", "", total)
        lines = [found.format(checked=checked), ""]
        lines += [f"• {finding}" for finding in report.problems[:_SHOWN]]
        if total > _SHOWN:
            lines.append(self.tr("… and %Ln more; run 'llmstudio check' on the folder for the full list.", "",
                                 total - _SHOWN))
        return "\n".join(lines)

    def title(self) -> str:
        return self.tr("Check project")


def report_text(report: CheckReport) -> str:
    return CheckReportWords().text(report)


def show_check_report(parent: QWidget, report: CheckReport) -> None:
    title = CheckReportWords().title()
    if report.ok:
        QMessageBox.information(parent, title, report_text(report))
    else:
        QMessageBox.warning(parent, title, report_text(report))
