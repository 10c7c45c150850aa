"""Model configuration (torch-free) and the GPT decoder (imports torch)."""

from llmstudio.core.model.config import ModelConfig

__all__ = ["ModelConfig"]
