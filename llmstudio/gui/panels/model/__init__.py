"""The model panel and its private widgets."""
