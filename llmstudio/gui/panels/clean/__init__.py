"""The clean panel and its private widgets."""
