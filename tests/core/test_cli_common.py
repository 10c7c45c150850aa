"""What every CLI command shares: Ctrl+C as a cancel token, and the progress bar off a terminal."""

from __future__ import annotations

import io
import signal

import pytest

from llmstudio.cli._common import TerminalProgress, interruptible, job


def test_the_first_ctrl_c_cancels_the_job_and_the_second_stops_at_once(capsys: pytest.CaptureFixture[str]) -> None:
    before = signal.getsignal(signal.SIGINT)
    with interruptible() as cancel:
        assert not cancel.cancelled
        signal.raise_signal(signal.SIGINT)
        assert cancel.cancelled  # the job sees it and saves before stopping
        assert "press Ctrl+C again to abort" in capsys.readouterr().err
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before  # the shell's Ctrl+C is back afterwards


def test_off_a_terminal_progress_is_plain_lines_and_quiet_is_silent() -> None:
    stream = io.StringIO()
    bar = TerminalProgress(stream)
    bar(0.5, "cleaning")
    bar(None, "indexing")
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[0].startswith("[##########          ]  50%  cleaning") and "\r" not in stream.getvalue()
    quiet = io.StringIO()
    silent = TerminalProgress(quiet, quiet=True)
    silent(0.5, "cleaning")
    silent.close()
    assert quiet.getvalue() == ""


def test_a_job_restores_ctrl_c_even_when_it_fails() -> None:
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(RuntimeError), job(quiet=True) as (_bar, cancel):
        assert signal.getsignal(signal.SIGINT) is not before
        raise RuntimeError("disk full")
    assert signal.getsignal(signal.SIGINT) is before and not cancel.cancelled
