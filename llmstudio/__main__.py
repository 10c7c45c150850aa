"""Entry point: ``llmstudio`` (console script), ``python -m llmstudio``, and the frozen app."""

from __future__ import annotations

import multiprocessing
import sys


def main() -> int:
    multiprocessing.freeze_support()  # worker processes in a frozen app must not relaunch the GUI
    from llmstudio.cli import main as cli_main

    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
