"""Dependencies point one way: the layers contract of pyproject.toml ([tool.importlinter],
the layers docs/architecture.md draws), checked by import-linter's Python API on the code
as it is, shown failing on a planted upward import, and no import circle anywhere.

Top to bottom: demo, monitoring, projects, sponsorship, reviews, applications, accounts,
regions | notifications | audit | privacy, rit_portal. What a lower app needs from a
higher one, the higher one registers at start-up (rit_portal/registry.py,
notifications.kinds.register_kind, …).
"""

from pathlib import Path

import grimp
import importlinter.api  # noqa: F401  (its import configures import-linter)
import pytest
from importlinter.application.use_cases import lint_imports, read_user_options
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def options():
    return read_user_options(str(ROOT / "pyproject.toml"))


def _graph(options) -> grimp.ImportGraph:
    return grimp.build_graph(*options.session_options["root_packages"], cache_dir=None)


def _contract(options) -> LayersContract:
    [contract_options] = options.contracts_options
    return LayersContract(name=contract_options["name"], session_options=options.session_options,
                          contract_options=contract_options)


def _upward_imports(check) -> list[tuple[str, str]]:
    """(importer, imported) of every direct import the contract refused."""
    return sorted((link["importer"], link["imported"])
                  for dependency in check.metadata["invalid_dependencies"]
                  for route in dependency["routes"]
                  for chain in ([route["chain"]] if "chain" in route else [])
                  for link in chain)


def test_the_layers_are_those_docs_architecture_states(options):
    assert _contract(options).contract_options["layers"] == [
        "demo", "showcase", "monitoring", "projects", "sponsorship", "reviews | partnering",
        "applications", "accounts", "regions | notifications | audit | privacy", "rit_portal"]
    assert "regions ── accounts ── applications" in (ROOT / "docs/architecture.md").read_text()


def test_no_import_points_up(capsys):
    kept = lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=None,
                        no_logo=True)
    report = capsys.readouterr().out
    assert kept, report  # the report names each import that points up, file and line
    assert "Contracts: 1 kept, 0 broken." in report


def test_a_planted_upward_import_is_refused(options):
    contract = _contract(options)
    assert contract.check(_graph(options), verbose=False).kept
    graph = _graph(options)
    # notifications reaching up into a domain app again, as kinds.py once did.
    graph.add_import(importer="notifications.services", imported="projects.models",
                     line_number=1, line_contents="from projects.models import Project")
    check = contract.check(graph, verbose=False)
    assert not check.kept
    assert [(d["importer"], d["imported"]) for d in check.metadata["invalid_dependencies"]] == [
        ("notifications", "projects")]
    assert _upward_imports(check) == [("notifications.services", "projects.models")]


def test_the_shared_rules_import_no_app(options):
    graph = _graph(options)
    graph.add_module("rit_portal.planted")
    graph.add_import(importer="rit_portal.planted", imported="accounts.rules",
                     line_number=1, line_contents="from accounts.rules import is_hq_staff")
    check = _contract(options).check(graph, verbose=False)
    assert _upward_imports(check) == [("rit_portal.planted", "accounts.rules")]


def circles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected sets of modules (more than one module each): Tarjan."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_no_import_circles(options):
    assert circles(_graph(options)) == []


def test_the_circle_finder_finds_a_planted_circle(options):
    graph = _graph(options)
    graph.add_import(importer="sponsorship.letters", imported="sponsorship.tasks")
    # tasks -> letters directly, and tasks -> board_jobs -> decisions -> letters.
    assert circles(graph) == [["sponsorship.board_jobs", "sponsorship.decisions",
                               "sponsorship.letters", "sponsorship.tasks"]]
