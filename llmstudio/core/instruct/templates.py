"""Chat templates: how a prompt/response pair becomes one text, here and in ``transformers``.

A template is four strings around the two turns: the user's prefix and suffix, the
assistant's prefix (the generation prompt) and what ends the response. llmstudio renders
``user_prefix + prompt + user_suffix + assistant_prefix`` as the prompt and appends the
response and the end-of-text token id; ``jinja`` writes the same template in the Jinja form
``transformers`` keeps as ``chat_template`` in ``tokenizer_config.json``, so
``apply_chat_template`` renders the same text (the end token as its text, ``eos_token``). A run
stores its template's name (``train.chat_template``). No torch here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from llmstudio.core.errors import ConfigError


@dataclass(frozen=True)
class ChatTemplate:
    name: str
    user_prefix: str
    user_suffix: str
    assistant_prefix: str
    description: str

    def prompt_text(self, prompt: str) -> str:
        """What the model reads before it answers (the generation prompt included)."""
        return f"{self.user_prefix}{prompt}{self.user_suffix}{self.assistant_prefix}"

    def text(self, prompt: str, response: str, eos_token: str = "") -> str:
        """The whole example as text; ``eos_token`` is the end token's text (``transformers`` renders it)."""
        return f"{self.prompt_text(prompt)}{response}{eos_token}"

    def jinja(self) -> str:
        """The template for ``transformers`` (``chat_template``): user and assistant turns, an optional
        system turn rendered like a user turn, and the generation prompt."""
        def lit(text: str) -> str:
            return json.dumps(text)  # a Jinja string literal (JSON escapes are Jinja escapes)

        return (
            "{%- for message in messages -%}"
            "{%- if message['role'] == 'assistant' -%}"
            f"{{{{ {lit(self.assistant_prefix)} + message['content'] + eos_token }}}}"
            "{%- else -%}"
            f"{{{{ {lit(self.user_prefix)} + message['content'] + {lit(self.user_suffix)} }}}}"
            "{%- endif -%}"
            "{%- endfor -%}"
            f"{{%- if add_generation_prompt -%}}{{{{ {lit(self.assistant_prefix)} }}}}{{%- endif -%}}"
        )


TEMPLATES = {
    template.name: template
    for template in (
        ChatTemplate("instruction", "### Instruction:\n", "\n\n", "### Response:\n",
                     "Alpaca-style headings: '### Instruction:' then '### Response:'"),
        ChatTemplate("chatml", "<|im_start|>user\n", "<|im_end|>\n", "<|im_start|>assistant\n",
                     "ChatML turns: <|im_start|>user ... <|im_end|> then <|im_start|>assistant"),
        ChatTemplate("plain", "Question: ", "\n", "Answer: ", "One line each: 'Question:' then 'Answer:'"),
    )
}
DEFAULT_TEMPLATE = "instruction"


def get_template(name: str) -> ChatTemplate:
    template = TEMPLATES.get(name or DEFAULT_TEMPLATE)
    if template is None:
        raise ConfigError(f"train.chat_template must be one of {', '.join(TEMPLATES)}, not {name!r}")
    return template
