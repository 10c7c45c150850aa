"""Training: configuration (torch-free), schedules, batches, checkpoints and the trainer."""
