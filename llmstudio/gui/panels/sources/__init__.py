"""The sources panel and its private widgets."""
