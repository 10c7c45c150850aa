"""A cleaning recipe written out as a datatrove pipeline script, to run the same rules on a cluster.

llmstudio cleans what fits on one machine; a user with a terabyte runs the exported script
with datatrove (JSONL or Parquet in and out, its local or Slurm executor). The script uses
datatrove's own filters with the recipe's thresholds, and llmstudio's word splitting
(whitespace words, one word per CJK character) patched into them, so decisions match
llmstudio's (tests/core/test_cleaning_export_datatrove.py runs a script and compares).
The normalise step becomes a datatrove formatter with the same fixes (its regexes are
copied from the step's module when the script is written); exact dedup becomes datatrove's
three exact-dedup stages with llmstudio's comparison key. Steps without a faithful
datatrove equivalent are refused with a message naming them. datatrove is never imported
here: the script is text, and only the machine that runs it needs datatrove.
"""

from __future__ import annotations

import json
from typing import Any

from llmstudio.core.cleaning.recipe import Recipe
from llmstudio.core.cleaning.steps import normalize as _normalize
from llmstudio.core.cleaning.words import _CJK_CHARS
from llmstudio.core.errors import StudioError

#: Steps the exporter writes, in the words of the refusal message.
SUPPORTED = ("normalize", "exact_dedup", "min_length", "gopher_repetition", "gopher_quality", "fineweb_quality")


def _gopher_quality(s: dict[str, Any]) -> str:
    return (
        "GopherQuality(min_doc_words={min_words!r}, max_doc_words={max_words!r}, "
        "min_avg_word_length={min_mean_word_length!r}, max_avg_word_length={max_mean_word_length!r}, "
        "max_symbol_word_ratio={max_symbol_word_ratio!r}, max_bullet_lines_ratio={max_bullet_lines_ratio!r}, "
        "max_ellipsis_lines_ratio={max_ellipsis_lines_ratio!r}, max_non_alpha_words_ratio={min_alpha_words_ratio!r}, "
        "min_stop_words={min_stop_words!r}, stop_words={stop_words!r})"
    ).format(**s)


def _gopher_repetition(s: dict[str, Any]) -> str:
    top = tuple(zip((2, 3, 4), s["top_ngram_chars"], strict=False))
    dup = tuple(zip(range(5, 11), s["dup_ngram_chars"], strict=False))
    return (
        f"GopherRepetition(dup_line_frac={s['max_dup_line_fraction']!r}, dup_para_frac={s['max_dup_paragraph_fraction']!r}, "
        f"dup_line_char_frac={s['max_dup_line_chars']!r}, dup_para_char_frac={s['max_dup_paragraph_chars']!r}, "
        f"top_n_grams={top!r}, dup_n_grams={dup!r})"
    )


def _fineweb_quality(s: dict[str, Any]) -> str:
    return (
        f"FineWebQuality(line_punct_thr={s['min_punct_lines']!r}, short_line_thr={s['max_short_lines']!r}, "
        f"short_line_length={s['short_line_chars']!r}, char_duplicates_ratio={s['max_dup_line_chars']!r}, "
        f"new_line_ratio={s['max_newlines_per_word']!r})"
    )


def _step_code(name: str, s: dict[str, Any]) -> str:
    if name == "normalize":
        return f"Normalize({s!r})"
    if name == "min_length":
        return f"MinLength({s['min_chars']!r})"
    if name == "gopher_quality":
        return _gopher_quality(s)
    if name == "gopher_repetition":
        return _gopher_repetition(s)
    if name == "fineweb_quality":
        return _fineweb_quality(s)
    raise AssertionError(name)


def datatrove_script(recipe: Recipe) -> str:
    """The Python source of a datatrove pipeline that applies ``recipe``."""
    steps = recipe.build()  # checks the recipe and fills in every default
    unsupported = [s.name for s in steps if s.name not in SUPPORTED]
    if unsupported:
        raise StudioError(
            f"recipe '{recipe.name}': no faithful datatrove equivalent for step(s) {', '.join(unsupported)}; "
            f"remove them to export (exportable steps: {', '.join(SUPPORTED)})"
        )
    if sum(s.name == "exact_dedup" for s in steps) > 1:
        raise StudioError(f"recipe '{recipe.name}': only one exact_dedup step can be exported; remove the others")
    before: list[str] = []
    after: list[str] = []
    dedup: dict[str, Any] | None = None
    for step in steps:
        if step.name == "exact_dedup":
            dedup = step.settings()
            continue
        (after if dedup is not None else before).append(_step_code(step.name, step.settings()))
    source = _TEMPLATE
    for key, value in {
        "@RECIPE@": json.dumps(recipe.to_dict(), ensure_ascii=False),
        "@CJK@": repr(_CJK_CHARS),
        "@CONTROL@": repr(_normalize._CONTROL.pattern),
        "@SPACES@": repr(_normalize._SPACES.pattern),
        "@TAG@": repr(_normalize._TAG.pattern),
        "@BLOCK_TAG@": repr(_normalize._BLOCK_TAG.pattern),
        "@BEFORE@": "[" + ", ".join(before) + "]",  # a function in the script: fresh steps per stage
        "@AFTER@": "[" + ", ".join(after) + "]",
        "@DEDUP@": "None" if dedup is None else repr(bool(dedup["ignore_case_and_spaces"])),
    }.items():
        source = source.replace(key, value)
    return source


_TEMPLATE = r'''#!/usr/bin/env python3
# Exported by llmstudio from the cleaning recipe: @RECIPE@
"""A datatrove pipeline exported by llmstudio from one of its cleaning recipes.

Needs: pip install datatrove ftfy xxhash regex orjson tokenizers (and pyarrow for Parquet),
which is llmstudio's `datatrove` extra. Examples:

    python this_script.py --input data/ --output clean/                      # JSONL, this machine
    python this_script.py --input data/ --input-format parquet --output clean/ --output-format parquet
    python this_script.py --input s3://bucket/raw --output s3://bucket/clean --executor slurm \
        --tasks 1000 --partition cpu --time 12:00:00

Same thresholds as the recipe; words are split like llmstudio (whitespace, one word per CJK
character) inside datatrove's filters. Exact dedup runs as datatrove's three exact-dedup
stages with llmstudio's key (lower case, whitespace collapsed); with several tasks the copy
kept is the first in datatrove's order, which may be another copy than llmstudio keeps.
"""

import argparse
import html
import re
import unicodedata

from datatrove.pipeline.filters.base_filter import BaseFilter
from datatrove.pipeline.filters.fineweb_quality_filter import FineWebQualityFilter
from datatrove.pipeline.filters.gopher_quality_filter import GopherQualityFilter
from datatrove.pipeline.filters.gopher_repetition_filter import GopherRepetitionFilter
from datatrove.pipeline.formatters.base import BaseFormatter

_CJK = re.compile("[" + @CJK@ + "]")
_CJK_OR_RUN = re.compile("[" + @CJK@ + "]|[^\\s" + @CJK@ + "]+")


def split_words(text, language=None):
    """llmstudio's words: whitespace words, and each CJK character a word of its own."""
    if text.isascii() or not _CJK.search(text):
        return text.split()
    return _CJK_OR_RUN.findall(text)


def use_llmstudio_words():
    import datatrove.pipeline.filters.fineweb_quality_filter as fineweb
    import datatrove.pipeline.filters.gopher_quality_filter as quality
    import datatrove.pipeline.filters.gopher_repetition_filter as repetition

    for module in (quality, repetition, fineweb):
        module.split_into_words = split_words


class LlmstudioWords:
    """Patch the word splitter in the process that runs the filter (workers included)."""

    def run(self, data, rank=0, world_size=1):
        use_llmstudio_words()
        return super().run(data, rank, world_size)


class GopherQuality(LlmstudioWords, GopherQualityFilter):
    pass


class GopherRepetition(LlmstudioWords, GopherRepetitionFilter):
    pass


class FineWebQuality(LlmstudioWords, FineWebQualityFilter):
    pass


class MinLength(BaseFilter):
    name = "llmstudio min_length"

    def __init__(self, min_chars):
        super().__init__()
        self.min_chars = min_chars

    def filter(self, doc):
        return len(doc.text) >= self.min_chars or (False, f"shorter than {self.min_chars} characters")


_CONTROL = re.compile(@CONTROL@)
_SPACES = re.compile(@SPACES@)
_BLANK_LINES = re.compile(r"\n{3,}")
_TAG = re.compile(@TAG@, re.S | re.I)
_BLOCK_TAG = re.compile(@BLOCK_TAG@, re.I)


class Normalize(BaseFormatter):
    """llmstudio's normalise step: ftfy encoding fixes, Unicode form, controls, whitespace."""

    name = "llmstudio normalise"

    def __init__(self, settings):
        super().__init__()
        self.s = settings
        self._ftfy = None

    def _fix(self, text):
        if self._ftfy is None:
            import ftfy

            config = ftfy.TextFixerConfig(
                unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
                fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
                fix_surrogates=True, remove_control_chars=False, normalization=None, explain=False,
            )
            self._ftfy = lambda t: ftfy.fix_text(t, config)
        return self._ftfy(text)

    def format(self, text):
        s = self.s
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if s["fix_mojibake"] and not text.isascii():
            text = self._fix(text)
        if s["strip_html"] and ("<" in text or "&" in text):
            text = html.unescape(_TAG.sub("", _BLOCK_TAG.sub("\n", text)))
        if s["form"] != "none":
            text = unicodedata.normalize(s["form"], text)
        if s["remove_control"]:
            text = _CONTROL.sub("", text)
        if s["lowercase"]:
            text = text.lower()
        if s["collapse_whitespace"]:
            text = _SPACES.sub(" ", text)
            text = "\n".join(line.strip() for line in text.split("\n"))
            text = _BLANK_LINES.sub("\n\n", text).strip()
        return text


IGNORE_CASE_AND_SPACES = @DEDUP@  # None: the recipe has no exact dedup


def steps_before_dedup():
    return @BEFORE@


def steps_after_dedup():
    return @AFTER@


def dedup_key(doc) -> bytes:
    text = " ".join(doc.text.lower().split()) if IGNORE_CASE_AND_SPACES else doc.text
    return text.encode("utf-8", "surrogatepass")  # bytes: xxhash 4 refuses str


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", required=True, help="folder (local, s3://, hf://...) of input files")
    parser.add_argument("--input-format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--glob", default=None, help="which input files (default: every *.jsonl* or *.parquet)")
    parser.add_argument("--text-key", default="text")
    parser.add_argument("--id-key", default="id")
    parser.add_argument("--output", required=True, help="folder for the kept documents")
    parser.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl")
    parser.add_argument("--work", default=None, help="folder for logs and dedup files (default: OUTPUT/_work)")
    parser.add_argument("--executor", choices=("local", "slurm"), default="local")
    parser.add_argument("--tasks", type=int, default=1)
    parser.add_argument("--workers", type=int, default=-1, help="tasks run at once (-1: all)")
    parser.add_argument("--partition", default=None, help="Slurm partition")
    parser.add_argument("--time", default="24:00:00", help="Slurm time limit per task")
    args = parser.parse_args()

    from datatrove.pipeline.readers import JsonlReader, ParquetReader
    from datatrove.pipeline.writers import JsonlWriter, ParquetWriter

    work = (args.work or args.output.rstrip("/") + "/_work").rstrip("/")
    reader_type = JsonlReader if args.input_format == "jsonl" else ParquetReader
    glob = args.glob or ("*.jsonl*" if args.input_format == "jsonl" else "*.parquet")

    def reader():
        return reader_type(args.input, glob_pattern=glob, text_key=args.text_key, id_key=args.id_key)

    if args.output_format == "jsonl":
        writer = JsonlWriter(args.output, output_filename="${rank}.jsonl", compression=None)
    else:
        writer = ParquetWriter(args.output, output_filename="${rank}.parquet")

    if IGNORE_CASE_AND_SPACES is None:
        stages = [(reader(), *steps_before_dedup(), *steps_after_dedup(), writer)]
    else:
        from datatrove.pipeline.dedup.exact_dedup import (
            ExactDedupConfig, ExactDedupFilter, ExactDedupSignature, ExactFindDedups,
        )

        config = ExactDedupConfig(content_getter=dedup_key)
        stages = [
            (reader(), *steps_before_dedup(), ExactDedupSignature(f"{work}/exact_sigs", config=config)),
            (ExactFindDedups(f"{work}/exact_sigs", f"{work}/exact_dups", config=config),),
            (reader(), *steps_before_dedup(), ExactDedupFilter(f"{work}/exact_dups", config=config),
             *steps_after_dedup(), writer),
        ]
    previous = None
    for i, pipeline in enumerate(stages):
        tasks = 1 if len(pipeline) == 1 else args.tasks  # the dedup finder is one task
        if args.executor == "local":
            from datatrove.executor import LocalPipelineExecutor

            previous = LocalPipelineExecutor(pipeline=list(pipeline), tasks=tasks, workers=args.workers,
                                             logging_dir=f"{work}/logs/stage{i}", depends=previous)
        else:
            if not args.partition:
                parser.error("--executor slurm needs --partition")
            from datatrove.executor import SlurmPipelineExecutor

            previous = SlurmPipelineExecutor(pipeline=list(pipeline), tasks=tasks, workers=args.workers,
                                             time=args.time, partition=args.partition,
                                             job_name=f"llmstudio-clean-{i}", logging_dir=f"{work}/logs/stage{i}",
                                             depends=previous)
    previous.run()


if __name__ == "__main__":
    main()
'''
