"""The project database: schema, migrations and connections (SQLite in WAL mode)."""

from llmstudio.core.db.connection import connect, transaction
from llmstudio.core.db.schema import APPLICATION_ID, SCHEMA_VERSION

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "connect", "transaction"]
