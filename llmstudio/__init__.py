"""llmstudio: build a small language model from your own text, on your own machine."""

__version__ = "0.1.0"
