"""Full-text search over a project's documents, in ``search.sqlite`` beside the project.

The index is a derived cache (``index``), filled by its own thread during imports or by
catching up afterwards (``indexer``); every caller searches through the one query function
in ``query`` so the Sources browser, the label table and the label queue agree on what a
query matches; ``snippets`` marks the matches in a short extract.
"""
