"""Reinforcement learning (issue #13): losses, reward sources and sequence log-probabilities.

Qt-free; torch is used by ``losses`` and ``logprobs``. The trainer loop, run kind, CLI and GUI
build on these pieces.
"""
