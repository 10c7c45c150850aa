"""Hugging Face and GGUF interop: export a run so other tools load it, import a model to start from.

``hf_export`` writes a folder ``transformers`` loads (Llama or GPT-2 layout), ``gguf_export``
a file for llama.cpp, ``hf_import`` turns a Hugging Face folder (or a Hub id, through
``hub``) into a project tokenizer and a run. ``layouts`` maps tensor names and shapes
between llmstudio's model and the Hugging Face architectures in both directions.
"""
