"""The tokenizer panel and its private widgets."""
