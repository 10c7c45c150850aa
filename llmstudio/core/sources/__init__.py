"""Sources: importing files, folders, archives and URLs into documents with provenance.

``importer`` drives an import (one source per top-level path), ``readers`` turn byte
streams into documents format by format, ``document_store`` writes them in batches under
savepoints, and ``browser`` pages through what was imported.
"""
