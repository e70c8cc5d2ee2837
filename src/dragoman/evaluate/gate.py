"""The evaluation gate: score floors pinned in ``floors.json`` that a change may not fall below.

``floors.json`` maps an evaluation (``polnear dev``, ``petrarch-unittest``, ``plover-gsr``, ``m2e2 dev``,
``lgl dev``, ``gum dev``) to its floored measures (``cue f1``, ``precision``, …) and their floors. A
measure fails when it is below its floor by more than ``TOLERANCE``. Updating the floors raises each one to
its new measurement; a floor is lowered only when the regression is allowed explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from .petrarch import Report
from .polnear import Scores

FLOORS_FILE = Path(__file__).with_name("floors.json")
# The scores are deterministic for one code base, model and dictionary set; what may move them without a
# code change is a spaCy or model patch release re-parsing a few sentences. 0.005 absorbs that (about two of
# PETRARCH's 385 codings, about a dozen of PolNeAR dev's 2,319 relations) while a real regression, such as a
# rule or a dictionary entry lost, costs more.
TOLERANCE = 0.005
# Floors are stored to this many decimals: finer than the reports print, coarse enough to read.
DECIMALS = 4

Measures = dict[str, dict[str, float]]  # evaluation → measure → value


def read_floors(path: Path = FLOORS_FILE) -> Measures:
    """The floors of ``path``: an object of evaluations, each an object of measure → number."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(f"{path}: cannot read the floors ({error})") from error
    if not isinstance(data, dict) or not all(
        isinstance(measures, dict)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in measures.values())
        for measures in data.values()
    ):
        raise InputError(f"{path}: floors must map each evaluation to an object of measure → number")
    unknown = sorted(set(data) - set(MEASURERS))
    if unknown:
        raise InputError(
            f"{path}: unknown evaluation {unknown[0]!r} (expected one of {', '.join(MEASURERS)})"
        )
    return {name: {m: float(v) for m, v in measures.items()} for name, measures in data.items()}


def write_floors(floors: Measures, path: Path = FLOORS_FILE) -> None:
    """Write ``floors`` as sorted, indented JSON."""
    Path(path).write_text(json.dumps(floors, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def failures(floors: Measures, measured: Measures, tolerance: float = TOLERANCE) -> list[str]:
    """One line per floored measure that is missing from ``measured`` or below its floor by more than
    ``tolerance``."""
    lines = []
    for name, measures in floors.items():
        for measure, floor in measures.items():
            value = measured.get(name, {}).get(measure)
            if value is None:
                lines.append(f"{name} {measure}: not measured (floor {floor:.{DECIMALS}f})")
            elif value < floor - tolerance:
                lines.append(
                    f"{name} {measure}: {value:.{DECIMALS}f} is below its floor {floor:.{DECIMALS}f}"
                    f" by more than {tolerance}"
                )
    return lines


def raised_floors(floors: Measures, measured: Measures, allow_regression: bool = False) -> Measures:
    """``floors`` with each floored measure raised to its measurement; lowered too with ``allow_regression``.

    Measures without a floor are not added, and a floor without a measurement is kept.
    """
    updated: Measures = {}
    for name, measures in floors.items():
        updated[name] = {}
        for measure, floor in measures.items():
            value = measured.get(name, {}).get(measure)
            new = floor if value is None else round(value, DECIMALS)
            updated[name][measure] = new if allow_regression or new > floor else floor
    return updated


def polnear_measures(scores: Scores) -> dict[str, float]:
    """``<measure> precision|recall|f1`` for each PolNeAR measure (``cue f1``, ``all f1``, …)."""
    values = {}
    for measure, counts in scores.counts.items():
        prf = counts.prf
        values |= {
            f"{measure} precision": prf.precision,
            f"{measure} recall": prf.recall,
            f"{measure} f1": prf.f1,
        }
    return values


def petrarch_measures(report: Report) -> dict[str, float]:
    """``precision``, ``recall`` and ``f1`` over all PETRARCH unit-test codings."""
    prf = report.total.prf
    return {"precision": prf.precision, "recall": prf.recall, "f1": prf.f1}


def _measure_polnear_dev() -> dict[str, float]:
    from ..pipeline import Pipeline
    from .polnear import run

    return polnear_measures(run(Pipeline(), "dev"))


def _measure_petrarch() -> dict[str, float]:
    from .petrarch import run

    return petrarch_measures(run())


def _measure_plover_gsr() -> dict[str, float]:
    from .plover_gsr import measures, run

    return measures(run())


def _measure_geo() -> dict[str, float]:
    from .geo import measures, run

    return measures(run())


def _measure_coref() -> dict[str, float]:
    from .coref import measures, run

    return measures(run())


def _measure_m2e2() -> dict[str, float]:
    from .m2e2 import measures, run

    return measures(run())


# How each evaluation named in the floors file is measured (on the gold sets under ../shared/eval). Floors
# are lower bounds, so a measure where lower is better (plover-gsr's "wrong type", geo's median error) is
# reported, not floored.
MEASURERS: dict[str, Callable[[], dict[str, float]]] = {
    "polnear dev": _measure_polnear_dev,
    "petrarch-unittest": _measure_petrarch,
    "plover-gsr": _measure_plover_gsr,
    "m2e2 dev": _measure_m2e2,
    "lgl dev": _measure_geo,
    "gum dev": _measure_coref,
}


def measure(names: list[str]) -> Measures:
    """Run the named evaluations and return their measures."""
    return {name: MEASURERS[name]() for name in names}
