"""Composed actors: a state or organisation with an agent (Syria + OPP → SYROPP, "Syria opposition"); their
codes, ids and names."""

from __future__ import annotations

from functools import cache

from ..model import Actor
from .codes import code_segments
from .files import DATA_DIR

# Labels for the names of composed actors ("Syria" + OPP → "Syria opposition"): a data file.
SECTOR_LABELS_FILE = "sector_labels.tsv"


@cache
def sector_labels() -> dict[str, str]:
    """CAMEO sector code → the label a composed actor's name ends with (``sector_labels.tsv``)."""
    labels = {}
    with open(DATA_DIR / SECTOR_LABELS_FILE, encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                code, _, label = line.rstrip("\n").partition("\t")
                labels[code.strip()] = label.strip()
    return labels


def composed_name(base: Actor, agent_code: str) -> str:
    """ "Syria opposition" for Syria + OPP; a base that is not a state keeps its name (the Republican Party,
    not "Republican Party party"; PepsiCo, not "PepsiCo government"), and so does one already named so."""
    label = sector_labels().get(agent_code[:3])
    if base.kind != "state" or label is None or label.lower() in base.name.lower():
        return base.name
    return f"{base.name} {label}"


def split_composed_id(actor_id: str) -> tuple[str, bool, str]:
    """(base id, whether the agent code goes first, agent code) of a composed id: ``syria~OPP`` (SYROPP) or
    ``palestine^NGO`` (NGOPSE); a plain id gives (id, False, "")."""
    for separator, prefix in (("~", False), ("^", True)):
        base_id, found, code = actor_id.partition(separator)
        if found:
            return base_id, prefix, code
    return actor_id, False, ""


def compose_code(actor_code: str, agent_code: str, prefix: bool = False) -> str:
    """An actor's code with an agent's: RUS + GOV → RUSGOV; PSE + NGO (prefix) → NGOPSE. An agent whose code
    the actor already carries adds nothing (USAGOV + GOV → USAGOV: "White House officials")."""
    parts = code_segments(actor_code)
    if all(part in parts for part in code_segments(agent_code)):
        return actor_code
    return agent_code + actor_code if prefix else actor_code + agent_code
