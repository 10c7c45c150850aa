"""Garbage collection happens on the GUI thread, never in a job thread.

A cycle holding a Qt object, freed by a collection that a job thread triggers, would run
the object's destructor on that thread and can deadlock the window (gui/gc_guard.py).
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QObject

from llmstudio.gui.app import create_app
from llmstudio.gui.gc_guard import MainThreadCollector


class _Cycle:
    def __init__(self, collected_on: list[int]) -> None:
        self.me = self
        self.qt = QObject()
        self.collected_on = collected_on

    def __del__(self) -> None:
        self.collected_on.append(threading.get_ident())


def _allocate_in_a_thread(kept: list[list[int]]) -> None:
    def churn() -> None:
        for i in range(20_000):  # far past gen-0's threshold: an enabled collector would run here
            kept.append([i])

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()


def test_the_app_collects_cycles_on_the_gui_thread_not_in_a_job_thread(qtbot) -> None:
    app = create_app([])
    guard = app.findChild(MainThreadCollector)
    assert isinstance(guard, MainThreadCollector) and not gc.isenabled()
    collected_on: list[int] = []
    _Cycle(collected_on)  # unreachable at once; only the cycle collector can free it
    kept: list[list[int]] = []  # still alive, so the allocation count stays past the threshold
    _allocate_in_a_thread(kept)
    assert collected_on == [], "a job thread's allocations triggered a collection on that thread"
    qtbot.waitUntil(lambda: bool(collected_on), timeout=10_000)  # the GUI thread's timer frees it
    assert collected_on == [threading.get_ident()]


def test_install_is_idempotent_and_stop_gives_collection_back(qapp) -> None:
    from llmstudio.gui.gc_guard import install_gc_guard

    first = install_gc_guard(qapp)
    assert install_gc_guard(qapp) is first
    probe = MainThreadCollector()  # a second, private one, to check stop() on its own
    probe.was_enabled = True
    probe.stop()
    assert gc.isenabled()
    gc.disable()  # the app-wide guard still owns collection for the rest of the session
