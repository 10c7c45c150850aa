"""The cleaning steps' reference page, ``docs/cleaning-steps.md``.

It is generated from the steps' field metadata (``llmstudio.core.settings``), the same
source as the Clean panel's tooltips, so the two never disagree. Regenerate the page with
``python -m llmstudio.core.cleaning.reference > docs/cleaning-steps.md``.
"""

from __future__ import annotations

import sys

from llmstudio.core.cleaning.steps import STEP_TYPES
from llmstudio.core.settings import fields_of, markdown_table


def steps_markdown() -> str:
    """The reference page: each step grouped by family, with a table of its settings."""
    out = [
        "# Cleaning steps",
        "",
        "Generated from the steps' field metadata (`python -m llmstudio.core.cleaning.reference`),",
        "the same text as the Clean panel's tooltips. In a recipe TOML file a step is",
        "`[[steps]]` with `step = \"NAME\"` and any settings that differ from the defaults.",
    ]
    groups: dict[str, list[str]] = {}
    for name, cls in STEP_TYPES.items():
        groups.setdefault(cls.group, []).append(name)
    for group, names in groups.items():
        out += ["", f"## {group}"]
        for name in names:
            cls = STEP_TYPES[name]
            out += ["", f"### `{name}`: {cls.title}", "", cls.description or cls.title, "",
                    markdown_table(cls) if fields_of(cls) else "No settings."]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # regenerate docs/cleaning-steps.md
    sys.stdout.write(steps_markdown())
