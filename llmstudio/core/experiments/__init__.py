"""Experiments over runs: sweeps (grid, random, Optuna), the learning-rate finder, config checks."""
