"""Readers: one small module per input format, each turning a byte stream into documents.

``dispatch.iter_units`` picks the reader (by the user's choice, the extension or the first
bytes), peels compression off and walks archives; the importer in ``core.sources.importer``
stores what the readers yield.
"""

from llmstudio.core.sources.readers.base import (
    FORMATS,
    SPLITS,
    DiskFull,
    Doc,
    FileRejected,
    ImportOptions,
    MissingDependency,
    ReadContext,
)
from llmstudio.core.sources.readers.dispatch import Unit, is_importable_name, iter_units

__all__ = [
    "FORMATS",
    "SPLITS",
    "DiskFull",
    "Doc",
    "FileRejected",
    "ImportOptions",
    "MissingDependency",
    "ReadContext",
    "Unit",
    "is_importable_name",
    "iter_units",
]
