"""The train panel and its private widgets."""
