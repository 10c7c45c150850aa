"""The evaluate panel and its private widgets."""
