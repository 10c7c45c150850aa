"""What Help > Check project found, shown to the user in one message box.

The check itself is a core job (``llmstudio.core.check``) run in the background; this only
turns its report into words: "no problems", or each problem with its fix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from llmstudio.gui import core_messages
from llmstudio.gui.core_messages import QT_TRANSLATE_NOOP, translate_joined

if TYPE_CHECKING:
    from llmstudio.core.check import CheckReport, Finding

_SHOWN = 20
# The wordings of the check's findings (``llmstudio.core.check`` and ``core.artifacts``): what was found
# (subject), what is wrong (problem) and what to do (fix), each translated on its own.
# ``tests/gui/test_core_messages_zh.py`` checks that each is still a string the core writes.
FINDINGS = (
    # subjects
    QT_TRANSLATE_NOOP("CheckFindings", "document {id} ({origin})"),
    QT_TRANSLATE_NOOP("CheckFindings", "snapshot '{name}'"),
    QT_TRANSLATE_NOOP("CheckFindings", "tokenizer {id} ({name})"),
    QT_TRANSLATE_NOOP("CheckFindings", "run {run}"),
    # problems
    QT_TRANSLATE_NOOP("CheckFindings", "the database could not be read ({error})"),
    QT_TRANSLATE_NOOP("CheckFindings", "SQLite integrity check: {row}"),
    QT_TRANSLATE_NOOP("CheckFindings", "its text no longer matches the content hash stored when it was imported "
                                       "(changed outside llmstudio, or damaged on disk)"),
    QT_TRANSLATE_NOOP("CheckFindings", "left unfinished by a clean that was interrupted"),
    QT_TRANSLATE_NOOP("CheckFindings", "left half-made by an interrupted run"),
    QT_TRANSLATE_NOOP("CheckFindings", "the file is missing"),
    QT_TRANSLATE_NOOP("CheckFindings", "not a readable sentencepiece model ({error})"),
    QT_TRANSLATE_NOOP("CheckFindings", "holds the token id {id}, outside the vocabulary of {vocab} (the file is "
                                       "damaged)"),
    QT_TRANSLATE_NOOP("CheckFindings", "holds {count} tokens, but {expected} were recorded"),
    QT_TRANSLATE_NOOP("CheckFindings", "{size} bytes is not a whole number of {width}-byte tokens (the file is cut "
                                       "short)"),
    QT_TRANSLATE_NOOP("CheckFindings", "meta.json does not record the step"),
    QT_TRANSLATE_NOOP("CheckFindings", "meta.json is missing"),
    QT_TRANSLATE_NOOP("CheckFindings", "meta.json is damaged ({error})"),
    QT_TRANSLATE_NOOP("CheckFindings", "the file is cut short (no header)"),
    QT_TRANSLATE_NOOP("CheckFindings", "the header is damaged or the file is cut short"),
    QT_TRANSLATE_NOOP("CheckFindings", "the header is damaged ({error})"),
    QT_TRANSLATE_NOOP("CheckFindings", "the header is damaged"),
    QT_TRANSLATE_NOOP("CheckFindings", "the entry for tensor '{name}' is damaged"),
    QT_TRANSLATE_NOOP("CheckFindings", "the file is {size} bytes but its header describes {described} (cut short "
                                       "or damaged)"),
    QT_TRANSLATE_NOOP("CheckFindings", "the index is damaged ({error})"),
    QT_TRANSLATE_NOOP("CheckFindings", "{name} names {target}, which is not a checkpoint folder of this run"),
    QT_TRANSLATE_NOOP("CheckFindings", "{name} names {target}, which does not exist"),
    QT_TRANSLATE_NOOP("CheckFindings", "{name} is damaged"),
    # fixes
    QT_TRANSLATE_NOOP("CheckFindings", "restore project.sqlite from a backup"),
    QT_TRANSLATE_NOOP("CheckFindings", "restore project.sqlite from a backup (or copy out what can be read)"),
    QT_TRANSLATE_NOOP("CheckFindings", "remove its source and import it again ('llmstudio sources DIR --remove ID')"),
    QT_TRANSLATE_NOOP("CheckFindings", "run 'llmstudio clean DIR' again: it removes unfinished snapshots first"),
    QT_TRANSLATE_NOOP("CheckFindings", "train the tokenizer again ('llmstudio tokenizer DIR')"),
    QT_TRANSLATE_NOOP("CheckFindings", "run 'llmstudio tokenizer DIR' again: it removes half-made folders first"),
    QT_TRANSLATE_NOOP("CheckFindings", "fix the path in the project or delete the run"),
    QT_TRANSLATE_NOOP("CheckFindings", "delete this checkpoint folder; resuming falls back to the previous one"),
    QT_TRANSLATE_NOOP("CheckFindings", "delete {pointer}; the newest intact checkpoint is used instead"),
    QT_TRANSLATE_NOOP("CheckFindings", "nothing is lost (it is a cache): delete {name}, or let llmstudio rebuild it "
                                       "from the documents when you next search"),
    # last: a safetensors file's problem, "model.safetensors: the file is missing" (the problem translated too)
    QT_TRANSLATE_NOOP("CheckFindings", "{file}: {problem}"),
)


def finding_part(text: str) -> str:
    """A finding's subject, problem or fix in the interface language (a path or an unlisted wording as is)."""
    return translate_joined(text, (("CheckFindings", FINDINGS), (core_messages.CONTEXT, core_messages.TEMPLATES)))


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
        lines += [f"• {self.finding(finding)}" for finding in report.problems[:_SHOWN]]
        if total > _SHOWN:
            lines.append(self.tr("… and %Ln more; run 'llmstudio check' on the folder for the full list.", "",
                                 total - _SHOWN))
        return "\n".join(lines)

    def finding(self, finding: Finding) -> str:
        """'area: subject: problem; fix', each part in the interface language."""
        return self.tr("{area}: {subject}: {problem}; {fix}").format(
            area=QCoreApplication.translate("CheckAreas", finding.area), subject=finding_part(finding.subject),
            problem=finding_part(finding.problem), fix=finding_part(finding.fix))

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
