"""CAMEO-style actor codes: reading a code's country, sector and kind of actor, and checking user codes."""

from __future__ import annotations

from functools import cache

# CAMEO codes that are not ISO 3166-1 alpha-3 but name a country or territory.
CAMEO_COUNTRIES = {"KOS": "XKX"}

# CAMEO regional codes (the West, Middle East, Africa …): not a country, not a sector.
REGIONS = frozenset(
    "AFR ASA BLK CAS CAU CFR CRB EAF EEU EIN EUR LAM MEA MDT NAF NAM NMR PGS SAF SAM SAS SEA WAF WST".split()
)

# Sectors whose actors are armed non-state groups.
ARMED_SECTORS = frozenset({"REB", "INS", "IMG", "UAF", "SEP"})


@cache
def iso_countries() -> frozenset[str]:
    """ISO 3166-1 alpha-3 codes (pycountry), the country part of most CAMEO codes."""
    import pycountry

    return frozenset(country.alpha_3 for country in pycountry.countries)


@cache
def iso_country_names(alpha_3: str) -> frozenset[str]:
    """The names ISO 3166-1 gives a country (name, common and official name), casefolded; empty for a code
    ISO does not hold."""
    import pycountry

    country = pycountry.countries.get(alpha_3=alpha_3)
    if country is None:
        return frozenset()
    names = (getattr(country, key, None) for key in ("name", "common_name", "official_name"))
    return frozenset(name.casefold() for name in names if name)


def country_of(code: str) -> str | None:
    """The ISO alpha-3 country a code starts with ("RUSGOV" → "RUS"), or None ("IGOUNO")."""
    head = code[:3].upper()
    if head in CAMEO_COUNTRIES:
        return CAMEO_COUNTRIES[head]
    return head if head in iso_countries() else None


def describe_code(code: str, *, dated: bool = False) -> tuple[str | None, str | None, str]:
    """(country, sector, kind) read from a code; ``dated`` says the actor has dated roles (a person).

    RUS → (RUS, None, state); RUSGOV → (RUS, GOV, organisation); SYRREBMUS → (SYR, REB, armed_group);
    IGOUNO → (None, IGO, organisation).
    """
    code = code.upper()
    country = country_of(code)
    rest = code[3:] if country else code
    sector = rest[:3] or None
    if sector in REGIONS:
        sector = rest[3:6] or None
    if country and len(code) == 3:
        kind = "state"  # also when dated: IRQ, then IRQ again after the occupation of 2003-2006
    elif dated:
        kind = "person"
    elif sector in ARMED_SECTORS:
        kind = "armed_group"
    elif sector:
        kind = "organisation"
    else:
        kind = "group"
    return country, sector, kind


def code_segments(code: str) -> list[str]:
    """A code cut into its three-letter parts ("IGOUNOKID" → IGO, UNO, KID); ``/`` separates alternatives."""
    parts = []
    for alternative in code.upper().split("/"):
        parts.extend(alternative[i : i + 3] for i in range(0, len(alternative), 3))
    return parts
