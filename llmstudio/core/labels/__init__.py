"""Labels: schemas, annotations, the labeling queue and table, import/export, statistics,
inter-annotator agreement, and train/validation/test splits."""
