"""The job protocol: cancel tokens, throttled progress, sub-stage scaling."""

from __future__ import annotations

import threading

import pytest

from llmstudio.core.errors import JobCancelled
from llmstudio.core.jobs import CancelToken, ProgressUpdate, ThrottledProgress, scaled


def test_cancel_from_another_thread_is_seen() -> None:
    token = CancelToken()
    thread = threading.Thread(target=token.cancel)
    thread.start()
    thread.join()
    with pytest.raises(JobCancelled):
        token.raise_if_cancelled()


def test_throttled_progress_keeps_first_last_and_new_messages() -> None:
    seen: list[ProgressUpdate] = []
    progress = ThrottledProgress(seen.append, interval=3600)
    for i in range(1000):
        progress(i / 1000, "working")
    progress(0.5, "next stage")
    progress(1.0, "next stage")
    assert [u.message for u in seen] == ["working", "next stage", "next stage"]
    assert seen[-1].fraction == 1.0


def test_fractions_are_clamped_and_scaled() -> None:
    seen: list[ProgressUpdate] = []
    progress = ThrottledProgress(seen.append, interval=0)
    scaled(progress, 0.5, 1.0)(0.5, "half of the second half")
    progress(7.0, "too far")
    assert seen[0].fraction == pytest.approx(0.75)
    assert seen[1].fraction == 1.0
