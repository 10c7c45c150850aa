"""Instruction tuning: prompt/response datasets, chat templates, and response-only training batches.

``store`` keeps the datasets (JSON Lines files in the project's ``instruct/`` folder, imported
from a user's JSONL or built from labelled documents) and ``templates`` turns a pair into the
text the model reads, the same text ``transformers``' ``apply_chat_template`` renders from the
exported ``chat_template``; both are torch-free. ``batches`` encodes the pairs for training,
with the prompt's targets ignored so only the response tokens carry loss.
"""
