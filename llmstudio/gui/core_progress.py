"""The progress messages of the core's long jobs, shown in the interface language.

The core is Qt-free: its jobs report progress as English sentences (``progress(0.4, "cleaned 1,200
of 3,000 documents (350 docs/s)")``) that the CLI prints as they are. The GUI shows the same
messages in the status bar and in its panels, so their fixed wording is listed here as templates
(``{name}`` stands for a part the core fills in: a number, a file name, a loss) under the context
``CoreProgress``. ``translate_progress`` matches a message against them, translates the template
and puts the parts back; a message matching none is shown as it is. Every job's updates pass
through it once, in ``llmstudio.gui.jobs.Job``, before any widget sees them.

``tests/gui/test_core_progress.py`` checks that each template is still a string the core writes
(from the core's source), so a reworded core message fails a test rather than turning English.
"""

from __future__ import annotations

from llmstudio.gui import core_messages
from llmstudio.gui.core_messages import QT_TRANSLATE_NOOP, translate_joined

CONTEXT = "CoreProgress"
TEMPLATES = (
    # sources: import, preview, search index
    QT_TRANSLATE_NOOP("CoreProgress", "{name} · {rate} MB/s · {minutes}:{seconds} left"),
    QT_TRANSLATE_NOOP("CoreProgress", "imported {documents} documents from {files} files"),
    QT_TRANSLATE_NOOP("CoreProgress", "previewing {name}"),
    QT_TRANSLATE_NOOP("CoreProgress", "preview ready"),
    QT_TRANSLATE_NOOP("CoreProgress", "indexed {done} of {total} documents for search"),
    # cleaning
    QT_TRANSLATE_NOOP("CoreProgress", "cleaned {done} of {total} documents ({rate} docs/s)"),
    QT_TRANSLATE_NOOP("CoreProgress", "previewed {done} of {total} documents"),
    # tokenizer
    QT_TRANSLATE_NOOP("CoreProgress", "training the tokenizer"),
    QT_TRANSLATE_NOOP("CoreProgress", "encoding document {done} of {total}"),
    QT_TRANSLATE_NOOP("CoreProgress", "tokenizer ready: {vocab} tokens, {train} train / {val} val tokens"),
    # labels and splits
    QT_TRANSLATE_NOOP("CoreProgress", "grouping duplicates"),
    QT_TRANSLATE_NOOP("CoreProgress", "writing splits"),
    QT_TRANSLATE_NOOP("CoreProgress", "split done"),
    QT_TRANSLATE_NOOP("CoreProgress", "exporting '{schema}'"),
    QT_TRANSLATE_NOOP("CoreProgress", "exported {rows} rows"),
    QT_TRANSLATE_NOOP("CoreProgress", "checking {rows} rows"),
    QT_TRANSLATE_NOOP("CoreProgress", "imported {count} labels"),
    QT_TRANSLATE_NOOP("CoreProgress", "labels imported"),
    # training (language model, classifier, reward model, policy)
    QT_TRANSLATE_NOOP("CoreProgress", "step {step}/{steps} loss {loss}"),
    QT_TRANSLATE_NOOP("CoreProgress", "trained {steps} steps"),
    QT_TRANSLATE_NOOP("CoreProgress", "stopped at step {step}; resume to continue"),
    QT_TRANSLATE_NOOP("CoreProgress", "stopped early at step {step}: val loss did not improve for {count} "
                                      "evaluations"),
    QT_TRANSLATE_NOOP("CoreProgress", "stopped early at step {step}: validation macro-F1 did not improve for "
                                      "{count} evaluations"),
    QT_TRANSLATE_NOOP("CoreProgress", "stopped early at step {step}: held-out pair accuracy did not improve for "
                                      "{count} evaluations"),
    QT_TRANSLATE_NOOP("CoreProgress", "already trained {step} of {steps} steps; nothing to do (raise "
                                      "train.max_steps, or continue for more steps)"),
    QT_TRANSLATE_NOOP("CoreProgress", "already trained {step} of {steps} steps; nothing to do (raise rl.max_steps "
                                      "to train longer)"),
    # notes and figures the core joins to a run's end with '; ' (translated part by part)
    QT_TRANSLATE_NOOP("CoreProgress", "torch.compile failed ({error}), so the run trained without it"),
    QT_TRANSLATE_NOOP("CoreProgress", "out of memory at step {step} with a micro-batch of {micro}: continued with "
                                      "train.batch_size={batch} and train.grad_accum={accum} (the same {total} "
                                      "sequences per step)"),
    # with the baseline first: '{accuracy}' of the shorter one would swallow the baseline's figure
    QT_TRANSLATE_NOOP("CoreProgress", "test macro-F1 {f1}, accuracy {accuracy} (baseline macro-F1 {baseline})"),
    QT_TRANSLATE_NOOP("CoreProgress", "test macro-F1 {f1}, accuracy {accuracy}"),
    QT_TRANSLATE_NOOP("CoreProgress", "held-out reward {start} -> {end} at KL {kl}"),
    QT_TRANSLATE_NOOP("CoreProgress", "held-out pair accuracy {accuracy} over {count} pairs (best checkpoint, "
                                      "Bradley-Terry loss {loss}; {train} training pairs)"),
    QT_TRANSLATE_NOOP("CoreProgress", "encoding the labelled documents"),
    QT_TRANSLATE_NOOP("CoreProgress", "evaluating the best checkpoint"),
    QT_TRANSLATE_NOOP("CoreProgress", "training the TF-IDF + logistic regression baseline"),
    QT_TRANSLATE_NOOP("CoreProgress", "predicting every document for the Label panel"),
    QT_TRANSLATE_NOOP("CoreProgress", "encoding the preference pairs"),
    QT_TRANSLATE_NOOP("CoreProgress", "scoring the reference model on the held-out prompts"),
    QT_TRANSLATE_NOOP("CoreProgress", "computing the reference model's log-probabilities of the pairs (once)"),
    QT_TRANSLATE_NOOP("CoreProgress", "loading run {run}"),
    QT_TRANSLATE_NOOP("CoreProgress", "sampling prompt {done} of {total}"),
    QT_TRANSLATE_NOOP("CoreProgress", "added {count} pairs to '{schema}'"),
    # evaluation and experiments
    QT_TRANSLATE_NOOP("CoreProgress", "evaluating run {run} on {count} {split} tokens"),
    QT_TRANSLATE_NOOP("CoreProgress", "scored {done} of {total} tokens"),
    QT_TRANSLATE_NOOP("CoreProgress", "{split} loss {loss}, perplexity {perplexity}"),
    QT_TRANSLATE_NOOP("CoreProgress", "lr {lr}: loss {loss}"),
    QT_TRANSLATE_NOOP("CoreProgress", "sweep {sweep} trial {trial}: run {run} with {settings}"),
    # export and import of models, project check
    QT_TRANSLATE_NOOP("CoreProgress", "reading the checkpoint"),
    QT_TRANSLATE_NOOP("CoreProgress", "writing the weights"),
    QT_TRANSLATE_NOOP("CoreProgress", "writing the tokenizer"),
    QT_TRANSLATE_NOOP("CoreProgress", "writing the checkpoint"),
    QT_TRANSLATE_NOOP("CoreProgress", "adding {name}"),
    QT_TRANSLATE_NOOP("CoreProgress", "checking the {area}"),
    QT_TRANSLATE_NOOP("CoreProgress", "checked {done} of {total} documents"),
    QT_TRANSLATE_NOOP("CoreProgress", "{count} problems found"),
    QT_TRANSLATE_NOOP("CoreProgress", "no problems found"),
    QT_TRANSLATE_NOOP("CoreProgress", "demo complete"),
)


def translate_core_text(message: str) -> str:
    """A core message (progress, a run's end, an error) in the interface language, whole or part by part
    (``core_messages.translate_joined``); unchanged when no part is listed."""
    if not message:
        return message
    return translate_joined(message, ((CONTEXT, TEMPLATES), (core_messages.CONTEXT, core_messages.TEMPLATES)))


def translate_progress(message: str) -> str:
    """A core job's progress ``message`` in the interface language (unchanged when not listed)."""
    return translate_core_text(message)
