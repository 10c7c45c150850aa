"""Personal data: emails, phone numbers, IP addresses and card numbers.

Found items are replaced by placeholders, or, above a count, the whole document is dropped
(Dolma's rule: a page full of contact details is a directory, not prose). Card-like numbers
must pass the Luhn checksum, so ordinary long numbers are left alone; IP addresses can be
limited to public ones (datatrove's choice), so version numbers and private LAN addresses
in technical text stay.
"""

from __future__ import annotations

import ipaddress
import re
from collections import Counter
from dataclasses import dataclass
from typing import ClassVar

from llmstudio.core.cleaning.base import Removal, Step, register, setting
from llmstudio.core.errors import StudioError

DOLMA = "Dolma (Soldaini et al. 2024)"
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
CARD = re.compile(r"(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])")
PHONE = re.compile(
    r"(?<![\w+])(?<!\d )(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])\d{3,4}[\s.-]\d{3,4}(?![\w-])(?! \d)"
)
_DIGIT = re.compile(r"\d")
IPV4 = re.compile(r"(?<![\d.])(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(?![\d.])")


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


@register
@dataclass
class PII(Step):
    """Replace emails, phones, IPs and card numbers, or drop documents with many of them."""

    name: ClassVar[str] = "pii"
    title: ClassVar[str] = "Personal data (PII)"
    group: ClassVar[str] = "Privacy"
    changes_text: ClassVar[bool] = True
    description: ClassVar[str] = "Emails, phone numbers, IP addresses, Luhn-checked card numbers."

    emails: bool = setting(True, "Find email addresses.", DOLMA)
    phone_numbers: bool = setting(True, "Find phone numbers.", DOLMA)
    ip_addresses: bool = setting(True, "Find IPv4 addresses.", "datatrove PIIFormatter / Dolma")
    only_public_ips: bool = setting(True, "Leave private, loopback and reserved addresses (192.168.x.x, 127.0.0.1).", "datatrove PIIFormatter")
    credit_cards: bool = setting(True, "Find 13-19 digit numbers that pass the Luhn check.", "common practice")
    drop_above: int = setting(5, "Drop the document when it holds more than this many items (0 never drops).", DOLMA)
    placeholder: str = setting("|||{KIND}|||", "Replacement text; {KIND} becomes EMAIL_ADDRESS, PHONE_NUMBER, IP_ADDRESS or CREDIT_CARD.", DOLMA)

    def __post_init__(self) -> None:
        if self.drop_above < 0:
            raise StudioError(f"step 'pii': setting 'drop_above' must be 0 or more, not {self.drop_above!r}")
        self._counts: Counter[str] = Counter()

    def _kinds(self) -> list[tuple[str, re.Pattern[str], object]]:
        kinds: list[tuple[str, re.Pattern[str], object]] = []
        if self.emails:
            kinds.append(("EMAIL_ADDRESS", EMAIL, None))
        if self.credit_cards:
            kinds.append(("CREDIT_CARD", CARD, luhn_ok))
        if self.ip_addresses:
            kinds.append(("IP_ADDRESS", IPV4, self._ip_ok))
        if self.phone_numbers:
            kinds.append(("PHONE_NUMBER", PHONE, None))
        return kinds

    def _ip_ok(self, text: str) -> bool:
        return ipaddress.ip_address(text).is_global if self.only_public_ips else True

    def find(self, text: str) -> Counter[str]:
        return self._scan(text)[1]

    def _scan(self, text: str) -> tuple[str, Counter[str]]:
        found: Counter[str] = Counter()
        for kind, pattern, check in self._kinds():
            if kind == "EMAIL_ADDRESS" and "@" not in text:
                continue
            label = self.placeholder.replace("{KIND}", kind)

            def swap(m: re.Match[str], kind: str = kind, check=check, label: str = label) -> str:
                if check is not None and not check(m.group(0)):
                    return m.group(0)
                found[kind] += 1
                return label

            text = pattern.sub(swap, text)
        return text, found

    def apply(self, text: str) -> str | Removal:
        if "@" not in text and not _DIGIT.search(text):
            return text
        cleaned, found = self._scan(text)
        total = sum(found.values())
        if self.drop_above and total > self.drop_above:
            self._counts["documents dropped"] += 1
            return Removal(f"more than {self.drop_above} personal-data items", float(total))
        self._counts.update({k.lower().replace("_", " "): v for k, v in found.items()})
        return cleaned

    def counters(self) -> dict[str, int]:
        counts = dict(self._counts)
        self._counts.clear()
        return counts
