"""The Experiments panel: sweeps queued and run one trial at a time, and their results."""
