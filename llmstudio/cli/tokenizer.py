"""The ``tokenizer`` command: train a sentencepiece tokenizer and encode the cleaned text.

``llmstudio tokenizer DIR [--vocab-size N] [--model-type bpe|unigram|char] [--test-fraction F]`` trains on the
latest snapshot and writes the token shards the trainer reads; Ctrl+C cancels.
"""

from __future__ import annotations

import argparse

from llmstudio.cli._common import EXIT_OK, Subparsers, job, open_project, out


def cmd_tokenizer(args: argparse.Namespace) -> int:
    from llmstudio.core.tokenizer import TokenizerSettings, train_tokenizer

    project = open_project(args.dir)
    settings = TokenizerSettings(vocab_size=args.vocab_size, model_type=args.model_type,
                                 test_fraction=args.test_fraction)
    with job() as (bar, cancel):
        tok = train_tokenizer(project, settings, progress=bar, cancel=cancel)
    out(f"tokenizer {tok.id}: {tok.model_type}, {tok.vocab_size} tokens; "
        f"{tok.train_tokens:,} train and {tok.val_tokens:,} validation tokens")
    return EXIT_OK


def register(sub: Subparsers) -> None:
    """Add ``tokenizer``."""
    p = sub.add_parser("tokenizer", help="train a sentencepiece tokenizer and encode the cleaned text")
    p.add_argument("dir", metavar="DIR", help="project folder")
    p.add_argument("--vocab-size", type=int, default=2000, help="vocabulary size (default: 2000)")
    p.add_argument("--model-type", choices=["bpe", "unigram", "char"], default="bpe", help="default: bpe")
    p.add_argument("--test-fraction", type=float, default=0.05, metavar="F",
                   help="share of documents held out as the test split, never trained on (default: 0.05)")
    p.set_defaults(func=cmd_tokenizer)
