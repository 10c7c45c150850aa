"""The label panel and its private widgets."""
