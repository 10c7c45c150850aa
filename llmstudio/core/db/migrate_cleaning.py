"""Schema version 4: tables for the cleaning work.

Runs inside the migration transaction; add CREATE TABLE / CREATE INDEX statements here
(this file is the cleaning feature's own, so features never edit each other's schema).
"""

from __future__ import annotations

import sqlite3


def migrate(conn: sqlite3.Connection) -> None:
    """Move a project from schema 3 to 4."""
