"""Evaluation: metrics and text generation from checkpoints."""
