"""The data side of core: sources, cleaning, labels and splits. Never imports torch."""
