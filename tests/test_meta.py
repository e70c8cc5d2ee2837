"""Meta-tests: promises about the code itself (import direction, documented commands, no sample names)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from dragoman.cli import cli

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "dragoman"
README = ROOT / "README.md"

# --- (a) imports follow the data flow --------------------------------------------------------------------
#
# ingest → nlp → actors → statements → events → places/dates → store → export → server
#
# A module belongs to the stage named by its first component under dragoman/ (dragoman/ingest/clean.py is
# "ingest", dragoman/nlp.py is "nlp"). A stage may import itself, the stages upstream of it and the
# foundations; never a stage downstream. The composers put the stages together.
FOUNDATIONS = {"model", "errors", "settings"}  # importable by every module
FLOW: list[set[str]] = [
    {"ingest"},
    {
        "nlp",
        "attribute_table",
        "syntax",
    },  # attribute_table: the model's attribute ruler as lookups; syntax: the parse read
    {"actors"},
    {"statements"},
    {"events"},
    {"places", "dates"},
    {"store", "shards"},  # shards: Parquet files of Extractions, the store's sibling for Dask runs
    {"export", "outputs"},  # outputs: files written whole or not at all, for the exports
    {"server"},  # may read through export (downloads), never the other way
]
STAGES = {stage for level in FLOW for stage in level}
# Composers: what each may import beyond the foundations.
COMPOSERS: dict[str, set[str]] = {
    "__init__": STAGES | {"pipeline", "distributed", "evaluate", "run"},  # the public API, lazily
    "pipeline": STAGES - {"store", "shards", "export", "server"} | {"stages"},  # pure: no storage
    "stages": STAGES - {"store", "shards", "export", "server"},  # the stage protocol and the default stages
    "distributed": STAGES | {"pipeline"},  # the Dask runner maps the pipeline and writes shards
    "run": STAGES | {"pipeline"},  # the library's ingest: read, skip what is stored, extract, write
    "evaluate": STAGES | {"pipeline", "evaluate"},  # scorers run the pipeline; share scores.py
    "cli": STAGES
    | {"pipeline", "distributed", "evaluate", "cli", "run"},  # the command line composes everything
}
# What the foundations themselves may import.
FOUNDATION_IMPORTS: dict[str, set[str]] = {
    "errors": set(),
    "model": {"errors"},
    "settings": {"model", "errors", "nlp"},  # nlp.MODEL_NAME, a constant; nlp imports spaCy lazily
}
# Deliberate exceptions, each with its reason: (importing module, imported stage).
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("dragoman.server.extract", "pipeline"): "POST /api/extract runs the pipeline on posted text, "
    "imported inside the handler so the server starts without spaCy",
}
# Stages that must never import spaCy, directly or at module level through another module.
NO_SPACY = {"store", "shards", "export", "server"}


def allowed_for(stage: str) -> set[str]:
    """The stages and composers a module of ``stage`` may import."""
    if stage in FOUNDATION_IMPORTS:
        return FOUNDATION_IMPORTS[stage] | {stage}
    if stage in COMPOSERS:
        return COMPOSERS[stage] | FOUNDATIONS
    for rank, level in enumerate(FLOW):
        if stage in level:
            return set().union(*FLOW[: rank + 1]) | FOUNDATIONS
    raise AssertionError(
        f"dragoman/{stage}: not in the import table of tests/test_meta.py; add it to a stage"
    )


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in ``path``, at any depth (function bodies included)."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # "from . import cli" and "from dragoman import model" name modules in the names list.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                is_module = (PACKAGE.parent / candidate.replace(".", "/")).with_suffix(".py").exists() or (
                    PACKAGE.parent / candidate.replace(".", "/") / "__init__.py"
                ).exists()
                found.append((node.lineno, candidate if is_module else target))
    return found


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_import_table_covers_every_module() -> None:
    for path in SOURCES:
        allowed_for(stage_of(module_name(path)))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_follow_the_data_flow(path: Path) -> None:
    module = module_name(path)
    stage = stage_of(module)
    allowed = allowed_for(stage)
    against = []
    for line, imported in imported_modules(path):
        if imported.split(".")[0] == "spacy" and stage in NO_SPACY:
            against.append(f"{path.relative_to(ROOT)}:{line}: {stage} imports spaCy")
        # The root package only holds the version and lazy attributes: importing it is no dependency.
        if not imported.startswith("dragoman."):
            continue
        target = stage_of(imported)
        if target not in allowed and (module, target) not in EXCEPTIONS:
            against.append(f"{path.relative_to(ROOT)}:{line}: {stage} imports {imported}, downstream of it")
    assert against == []


@pytest.mark.parametrize(
    "module, stage, imported, ok",
    [
        ("dragoman.nlp", "nlp", "dragoman.ingest.clean", True),
        ("dragoman.events.build", "events", "dragoman.statements", True),
        ("dragoman.store.write", "store", "dragoman.model", True),
        ("dragoman.ingest.readers", "ingest", "dragoman.nlp", False),
        ("dragoman.statements.quotes", "statements", "dragoman.events", False),
        ("dragoman.store.write", "store", "dragoman.pipeline", False),
        ("dragoman.export", "export", "dragoman.server", False),
        ("dragoman.model", "model", "dragoman.ingest", False),
        ("dragoman.pipeline", "pipeline", "dragoman.store", False),
    ],
)
def test_import_table_rules(module: str, stage: str, imported: str, ok: bool) -> None:
    assert (stage_of(imported) in allowed_for(stage_of(module))) is ok


def test_relative_imports_are_resolved() -> None:
    found = {name for _line, name in imported_modules(PACKAGE / "cli" / "extract.py")}
    assert "dragoman.cli" in found  # from . import cli
    assert "dragoman.ingest" in found  # from ..ingest import ... (inside the command)
    assert "dragoman.pipeline" in found


def module_level_imports(path: Path) -> set[str]:
    """The modules ``path`` imports when it is loaded: top-level imports, not those inside functions or
    under ``if TYPE_CHECKING:`` (those are deliberate and cannot form a cycle at import time)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    lines = set()
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            lines.add(node.lineno)
    return {name for line, name in imported_modules(path) if line in lines}


def import_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The cycles of a directed graph (each found once, from its first module in sorted order)."""
    cycles, done = [], set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            cycles.append(trail[trail.index(node) :] + [node])
            return
        if node in done:
            return
        for target in sorted(graph.get(node, ())):
            visit(target, [*trail, node])
        done.add(node)

    for node in sorted(graph):
        visit(node, [])
    return cycles


def test_imports_inside_a_package_run_one_way() -> None:
    """Within a package, modules import each other in one direction: no cycle (a package's ``__init__``
    re-exports, so it is left out)."""
    graph: dict[str, set[str]] = {}
    for path in SOURCES:
        if path.name == "__init__.py":
            continue
        module = module_name(path)
        package = module.rsplit(".", 1)[0]
        graph[module] = {
            imported
            for imported in module_level_imports(path)
            if imported.rsplit(".", 1)[0] == package
            and not imported.endswith("__init__")
            and imported != package
        }
    assert import_cycles(graph) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    assert import_cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_heavy_libraries_are_not_imported_by_the_command_line_or_the_store() -> None:
    """`dragoman --help`, `import dragoman.model` and the store stay fast: no spaCy, Dask, pandas, pyarrow."""
    code = (
        "import sys, dragoman, dragoman.cli, dragoman.model, dragoman.store, dragoman.ingest\n"
        "heavy = ('spacy', 'thinc', 'dask', 'distributed', 'pyarrow', 'pandas', 'fastapi', 'torch')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


# --- (b) every command has help with an example and is in the README ------------------------------------


def commands(group: click.Group, prefix: str = "dragoman") -> list[tuple[str, click.Command]]:
    """Every registered command and subcommand, with its full name ("dragoman eval polnear")."""
    found = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix} {name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found.extend(commands(command, full))
    return found


COMMANDS = commands(cli)


def test_the_core_commands_are_registered() -> None:
    names = [name for name, _ in COMMANDS]
    assert "dragoman extract" in names
    assert "dragoman eval" in names


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_has_help_with_an_example(name: str, command: click.Command) -> None:
    help_text = command.help or ""
    assert help_text.strip(), f"{name}: no help text"
    examples = re.findall(r"Examples?:\s*(dragoman [^\n]+)", help_text)
    assert examples, f"{name}: help text has no 'Example: dragoman …' line"
    assert all(example.startswith(name) for example in examples), (name, examples)


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_command_options_have_help(name: str, command: click.Command) -> None:
    missing = [
        param.opts[0]
        for param in command.params
        if isinstance(param, click.Option) and not param.hidden and not param.help
    ]
    assert missing == [], f"{name}: options without help text"


@pytest.mark.parametrize("name", [name for name, _ in COMMANDS])
def test_command_is_in_the_readme(name: str) -> None:
    assert re.search(rf"{re.escape(name)}\b", README.read_text(encoding="utf-8")), (
        f"{name} is not in README.md"
    )


# --- (c) no names from the sample reports in the code ---------------------------------------------------

SAMPLE_NAMES = ("Nebenzia", "Nebinzia", "Hmeimim", "Khmeimim", "Al-Tanf", "Lavrov")


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_sample_names_in_code(path: Path) -> None:
    text = path.read_text(encoding="utf-8").casefold()
    assert [name for name in SAMPLE_NAMES if name.casefold() in text] == []


def test_sample_name_check_would_catch_one(tmp_path: Path) -> None:
    planted = tmp_path / "rules.py"
    planted.write_text("SPEAKERS = ['vasily nebenzia']\n")
    text = planted.read_text().casefold()
    assert [name for name in SAMPLE_NAMES if name.casefold() in text] == ["Nebenzia"]


# --- (c) code a newcomer can read: size limits ---------------------------------------------------------
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 60


def oversized(path: Path) -> list[str]:
    """What in ``path`` breaks a size limit: the module's lines, each function's, and a class whose base is
    itself a subclass of one of ours (hierarchies one level deep)."""
    source = path.read_text(encoding="utf-8")
    where = path.relative_to(ROOT)
    found = []
    lines = source.count("\n")
    if lines > MAX_MODULE_LINES:
        found.append(f"{where}: {lines} lines (at most {MAX_MODULE_LINES})")
    for node in ast.walk(ast.parse(source, str(path))):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append(
                    f"{where}:{node.lineno}: {node.name} is {length} lines (at most {MAX_FUNCTION_LINES})"
                )
    return found


def own_classes(paths: list[Path] = SOURCES) -> dict[str, list[str]]:
    """Each class defined in ``paths`` (the package) → the names of its bases."""
    classes: dict[str, list[str]] = {}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.ClassDef):
                classes[node.name] = [ast.unparse(base).split(".")[-1] for base in node.bases]
    return classes


def test_modules_and_functions_stay_short() -> None:
    assert [problem for path in SOURCES for problem in oversized(path)] == []


def is_error(name: str, classes: dict[str, list[str]]) -> bool:
    """Exceptions are kinds to catch (``except InputError``), not behaviour shared down a tower: the one
    error hierarchy of ``errors.py`` may be deeper."""
    return name.endswith(("Error", "Exception")) or any(is_error(b, classes) for b in classes.get(name, []))


def towers(classes: dict[str, list[str]]) -> list[str]:
    """Classes two levels below another of ours (exceptions aside)."""
    return [
        f"{name} <- {base} <- {grand}"
        for name, bases in classes.items()
        for base in bases
        for grand in classes.get(base, [])
        if grand in classes and not is_error(name, classes)
    ]


def test_class_hierarchies_are_one_level_deep() -> None:
    assert towers(own_classes()) == []


def test_the_hierarchy_check_would_catch_a_tower(tmp_path: Path) -> None:
    path = tmp_path / "tower.py"
    path.write_text("class A:\n    pass\nclass B(A):\n    pass\nclass C(B):\n    pass\n", encoding="utf-8")
    assert towers(own_classes([path])) == ["C <- B <- A"]


def test_the_size_check_would_catch_a_long_function(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    path = tmp_path / "long.py"
    path.write_text("def f():\n" + "    x = 1\n" * 70, encoding="utf-8")
    assert oversized(path) == [f"long.py:1: f is 71 lines (at most {MAX_FUNCTION_LINES})"]
