"""Python's cyclic garbage collector runs on the GUI thread only.

Left alone, the collector runs on whichever thread allocates when its thresholds trip,
often a job thread busy in torch. If the cycles it frees hold a Qt object made on the GUI
thread (a closed window's plot, a dialog), that object's destructor runs on the job
thread: it takes Qt's signal lock, then waits for the GIL, while the GUI thread holds the
GIL and waits for that lock. The window freezes for good. This was seen in the test suite:
the Model panel's timing job collected a closed window's pyqtgraph scene and the GUI
thread hung in ``QObject::~QObject``.

The usual cure for Qt applications in Python: switch automatic collection off and collect
from a timer on the GUI thread, generation by generation, with the interpreter's own
thresholds, so garbage is freed as often as before but always on the GUI thread.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 250


class MainThreadCollector(QObject):
    """Owns the collection schedule while it lives; ``stop`` gives it back to Python."""

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.collect)
        self.timer.start()

    def collect(self) -> int:
        """Collect the oldest generation whose count passed its threshold (and all younger)."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.threshold[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        self.timer.stop()
        if self.was_enabled:
            gc.enable()


def install_gc_guard(app: QCoreApplication) -> MainThreadCollector:
    """Start collecting on ``app``'s thread (once per application; later calls return it)."""
    existing = app.findChild(MainThreadCollector)
    if isinstance(existing, MainThreadCollector):
        return existing
    guard = MainThreadCollector(app)
    log.debug("garbage collection moved to the GUI thread (thresholds %s)", guard.threshold)
    return guard
