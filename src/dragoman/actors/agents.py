"""Agents: generic roles ("foreign minister", "troops", "rights group") that compose with a country's code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Agent:
    """A generic agent of the TABARI/PETRARCH kind.

    ``phrase``: the singular form in lower case ("foreign minister"). ``forms``: every lower-case form it is
    matched by (singular, plurals, substitution expansions). ``code``: the agent code without its ``~``
    ("GOVFRM"). ``prefix``: the dictionary wrote ``NGO~`` (the code goes before the actor's code) rather than
    ``~GOV`` (after it). ``source``: where it came from, ``file:line`` and the line's comment.
    """

    phrase: str
    forms: tuple[str, ...]
    code: str
    prefix: bool = False
    source: str | None = None

    type_name: ClassVar[str] = "agent"

    def compose(self, actor_code: str) -> str:
        """This agent's code for the actor coded ``actor_code``: RUS + ~GOV → RUSGOV, PSE + NGO~ → NGOPSE."""
        return self.code + actor_code if self.prefix else actor_code + self.code

    def to_dict(self) -> dict[str, Any]:
        return {
            "phrase": self.phrase,
            "forms": list(self.forms),
            "code": self.code,
            "prefix": self.prefix,
            "source": self.source,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Agent:
        return cls(
            data["phrase"],
            tuple(data.get("forms") or (data["phrase"],)),
            data["code"],
            bool(data.get("prefix", False)),
            data.get("source"),
        )
