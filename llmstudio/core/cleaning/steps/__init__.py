"""Every cleaning step, registered by name; recipes look steps up in ``STEP_TYPES``.

A step takes a document's current text and returns either the (possibly changed) text or
a ``Removal`` naming the rule and the measured value. Every threshold is a named setting
with a default, so a recipe can show and change it. The steps live in one module per
family (normalize, dedup, minhash, gopher, c4, fineweb, pii, language, length, rules,
classic); importing this module registers them all.
"""

from __future__ import annotations

from llmstudio.core.cleaning.base import STEP_TYPES, GlobalStep, Removal, Step
from llmstudio.core.cleaning.steps import (
    c4,  # noqa: F401  (registers)
    classic,  # noqa: F401  (registers)
    fineweb,  # noqa: F401  (registers)
    gopher,  # noqa: F401  (registers)
    language,  # noqa: F401  (registers)
    pii,  # noqa: F401  (registers)
    rules,  # noqa: F401  (registers)
)
from llmstudio.core.cleaning.steps.dedup import ExactDedup
from llmstudio.core.cleaning.steps.length import MaxLength, MinLength
from llmstudio.core.cleaning.steps.minhash import NearDedup
from llmstudio.core.cleaning.steps.normalize import Normalize

__all__ = [
    "STEP_TYPES",
    "ExactDedup",
    "GlobalStep",
    "MaxLength",
    "MinLength",
    "NearDedup",
    "Normalize",
    "Removal",
    "Step",
]
