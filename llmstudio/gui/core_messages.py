"""Core error messages a newcomer meets, shown in the interface language.

The core is Qt-free and words its errors in English for the CLI and the log. The GUI shows
some of them in dialogs and panels (an invalid model setting, a folder that is not a
project), so their wording is listed here as templates: ``{name}`` stands for a part the
core fills in (a setting key, a number, a path). ``translate_core_message`` matches a
message against each template, translates the template (context ``CoreMessages``, collected
by lupdate through ``QT_TRANSLATE_NOOP``) and puts the parts back. A message that matches no
template is shown as it is, in English; ``tests/gui/test_i18n.py`` produces each of these
messages from the core itself, so a changed wording fails a test instead of falling back
silently.
"""

from __future__ import annotations

import functools
import re

from PySide6.QtCore import QCoreApplication


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 (the name lupdate collects)
    return text


CONTEXT = "CoreMessages"
TEMPLATES = (
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be a whole number, not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be at least {minimum}, not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be positive, not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be in [0, 1), not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be one of {choices}, not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be >= 0"),
    QT_TRANSLATE_NOOP("CoreMessages", "model.n_head ({n_head}) must divide model.d_model ({d_model}); "
                                      "try n_head {options}"),
    QT_TRANSLATE_NOOP("CoreMessages", "model.n_kv_head ({n_kv_head}) must divide model.n_head ({n_head})"),
    QT_TRANSLATE_NOOP("CoreMessages", "model.n_kv_head must be >= 0 (0 = same as n_head)"),
    QT_TRANSLATE_NOOP("CoreMessages", "model.mlp_width must be >= 0 (0 = from mlp_ratio), not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "model.norm_eps must be in [0, 1) (0 = default), not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "rope needs an even head size; d_model/n_head is {size}"),
    QT_TRANSLATE_NOOP("CoreMessages", "train.threads must be >= 0 (0 = automatic)"),
    QT_TRANSLATE_NOOP("CoreMessages", "train.grad_clip must be >= 0 (0 = off)"),
    QT_TRANSLATE_NOOP("CoreMessages", "train.token_budget must be >= 0 (0 = train for train.max_steps)"),
    QT_TRANSLATE_NOOP("CoreMessages", "train.min_lr must be between 0 and train.lr ({lr}), not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "train.beta1 and train.beta2 must be in [0, 1)"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} expects a number, not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} must be true or false, not {value}"),
    QT_TRANSLATE_NOOP("CoreMessages", "{key} expects a {kind}, not {value}"),
    # as shown in the app: i18n.without_cli drops the core's ", or --help"
    QT_TRANSLATE_NOOP("CoreMessages", "unknown setting {key}; did you mean {guess}? (all settings: docs/settings.md)"),
    QT_TRANSLATE_NOOP("CoreMessages", "unknown setting {key} (all settings: docs/settings.md)"),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is not an llmstudio project (no {file}); "
                                      "create one with File > New project"),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} does not exist; create one with File > New project"),
    QT_TRANSLATE_NOOP("CoreMessages", "{path} is a file, not a project folder"),
    QT_TRANSLATE_NOOP("CoreMessages", "a schema named '{name}' already exists; pick another name"),
    QT_TRANSLATE_NOOP("CoreMessages", "a label schema needs a name (for example 'sentiment')"),
    QT_TRANSLATE_NOOP("CoreMessages", "a label needs a name; empty label names are not allowed"),
    QT_TRANSLATE_NOOP("CoreMessages", "the label '{name}' appears twice; label names must be unique"),
    QT_TRANSLATE_NOOP("CoreMessages", "'{name}' already exists in '{schema}'; merge the labels instead"),
    QT_TRANSLATE_NOOP("CoreMessages", "the shortcut '{key}' already belongs to '{label}'; choose another key"),
    QT_TRANSLATE_NOOP("CoreMessages", "a label cannot be merged into itself; pick two different labels"),
    QT_TRANSLATE_NOOP("CoreMessages", "ratios must be numbers like 0.8,0.1,0.1, not '{text}'"),
    QT_TRANSLATE_NOOP("CoreMessages", "give three non-negative ratios for train,validation,test (e.g. 0.8,0.1,0.1), "
                                      "not '{text}'"),
    QT_TRANSLATE_NOOP("CoreMessages", "this project has no documents to split; import some text first"),
    # a run whose loss became NaN (core.training.loop), as the app shows it (without the CLI's "; or llmstudio …")
    QT_TRANSLATE_NOOP("CoreMessages", "the loss became {loss} at step {step}; the run stopped: resume from the last "
                                      "good checkpoint with a lower train.lr (for example {lr}): in the app, Resume "
                                      "at lower LR"),
    QT_TRANSLATE_NOOP("CoreMessages", "the loss became {loss} at step {step}; the run stopped: no checkpoint was saved "
                                      "yet; start a new run with a lower train.lr (for example {lr})"),
    QT_TRANSLATE_NOOP("CoreMessages", "CPU ({count} cores)"),  # a device's description
    QT_TRANSLATE_NOOP("CoreMessages", "train.warmup_steps ({warmup}) is as long as the run (train.max_steps {steps}): "
                                      "the learning rate never reaches train.lr; lower train.warmup_steps (about 5-10% "
                                      "of the steps)"),  # a warning (core.experiments.checks), not an error
)
_OR = QT_TRANSLATE_NOOP("CoreMessages", " or ")
_SEPARATOR = QT_TRANSLATE_NOOP("CoreMessages", "; ")  # between the parts of a joined message
# What ``llmstudio check`` reads (``llmstudio.core.check``), named in its progress and its findings.
AREAS = (
    QT_TRANSLATE_NOOP("CheckAreas", "database"),
    QT_TRANSLATE_NOOP("CheckAreas", "documents"),
    QT_TRANSLATE_NOOP("CheckAreas", "snapshots"),
    QT_TRANSLATE_NOOP("CheckAreas", "tokenizers"),
    QT_TRANSLATE_NOOP("CheckAreas", "checkpoints"),
    QT_TRANSLATE_NOOP("CheckAreas", "search index"),
)
# Why a cleaning step removed a document (``Removal.reason`` in the steps), shown in the Clean panel.
REASONS = (
    QT_TRANSLATE_NOOP("CleaningReasons", "contains 'lorem ipsum'"),
    QT_TRANSLATE_NOOP("CleaningReasons", "contains a curly brace"),
    QT_TRANSLATE_NOOP("CleaningReasons", "contains a listed bad word"),
    QT_TRANSLATE_NOOP("CleaningReasons", "empty document"),
    QT_TRANSLATE_NOOP("CleaningReasons", "exact duplicate of an earlier document"),
    QT_TRANSLATE_NOOP("CleaningReasons", "near duplicate of an earlier document"),
    QT_TRANSLATE_NOOP("CleaningReasons", "'#' per word above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "characters in duplicated lines above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "characters in repeated lines above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "characters in repeated paragraphs above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "contains blocked keyword '{keyword}'"),
    QT_TRANSLATE_NOOP("CleaningReasons", "ellipses per word above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "fewer than {count} sentences"),
    QT_TRANSLATE_NOOP("CleaningReasons", "fewer than {count} stop words"),
    QT_TRANSLATE_NOOP("CleaningReasons", "fewer than {count} words"),
    QT_TRANSLATE_NOOP("CleaningReasons", "language not kept ({code})"),
    QT_TRANSLATE_NOOP("CleaningReasons", "language score below {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "lines ending in punctuation below {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "lines ending with an ellipsis above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "lines starting with a bullet above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "longer than {count} characters"),
    QT_TRANSLATE_NOOP("CleaningReasons", "matches /{pattern}/"),
    QT_TRANSLATE_NOOP("CleaningReasons", "mean word length above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "mean word length below {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "more than {count} personal-data items"),
    QT_TRANSLATE_NOOP("CleaningReasons", "more than {count} words"),
    QT_TRANSLATE_NOOP("CleaningReasons", "newlines per word above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "repeated lines above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "repeated paragraphs above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "repeated {n}-gram characters above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "short lines above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "shorter than {count} characters"),
    QT_TRANSLATE_NOOP("CleaningReasons", "step failed ({error})"),
    QT_TRANSLATE_NOOP("CleaningReasons", "top {n}-gram characters above {value}"),
    QT_TRANSLATE_NOOP("CleaningReasons", "words with a letter below {value}"),
)


@functools.cache
def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(f"(?P<{part}>.+?)" if i % 2 else re.escape(part) for i, part in enumerate(parts))
    return re.compile(regex + r"\.?")


def translate_reason(reason: str) -> str:
    """Why a cleaning step removed a document, in the interface language (unchanged if not listed)."""
    return translate_core_message(reason, "CleaningReasons", REASONS)


Catalogue = tuple[str, tuple[str, ...]]
"""A translation context and its templates."""


def _translate_whole(text: str, catalogues: tuple[Catalogue, ...]) -> str | None:
    for context, templates in catalogues:
        for template in templates:
            found = _pattern(template).fullmatch(text)
            if found is None:
                continue
            parts = dict(found.groupdict())
            if "options" in parts:  # "1 or 2 or 4"
                parts["options"] = parts["options"].replace(" or ", QCoreApplication.translate(CONTEXT, _OR))
            if "split" in parts:  # train, validation, test (listed in llmstudio.gui.i18n)
                parts["split"] = QCoreApplication.translate("Splits", parts["split"])
            if "area" in parts:  # what the project check reads (AREAS)
                parts["area"] = QCoreApplication.translate("CheckAreas", parts["area"])
            if "problem" in parts:  # "model.safetensors: the file is missing"
                parts["problem"] = _translate_whole(parts["problem"], catalogues) or parts["problem"]
            return QCoreApplication.translate(context, template).format(**parts)
    return None


def translate_joined(message: str, catalogues: tuple[Catalogue, ...]) -> str:
    """``message`` in the interface language: whole when it is one template, else part by part.

    The core joins independent wordings with '; ' (a run's end, "trained 30 steps", then each note
    and its figures). Each part is matched on its own, the longest run of parts first (a template may
    hold a '; ' itself), and the translations are joined with the language's separator; a part that
    matches nothing stays as written. A message with no known part is returned unchanged."""
    text = message.strip()
    whole = _translate_whole(text, catalogues)
    if whole is not None:
        return whole
    parts = text.split("; ")
    if len(parts) == 1:
        return message
    shown: list[str] = []
    known, start = False, 0
    while start < len(parts):
        for end in range(len(parts), start, -1):
            found = _translate_whole("; ".join(parts[start:end]), catalogues)
            if found is not None:
                shown.append(found)
                known, start = True, end
                break
        else:
            shown.append(parts[start])
            start += 1
    return QCoreApplication.translate(CONTEXT, _SEPARATOR).join(shown) if known else message


def translate_core_message(message: str, context: str = CONTEXT, templates: tuple[str, ...] = TEMPLATES) -> str:
    """``message`` in the interface language when it is one of the templates above (or parts joined by
    '; ' that are), else unchanged."""
    return translate_joined(message, ((context, templates),))
