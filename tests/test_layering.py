"""The layering a newcomer can trust: no import cycles in `portal/`, every area's routes get
their blueprint from the area's `blueprint.py`, and route modules leave reading the database
to the area's `queries.py`."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "portal"



def _module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PORTAL.rglob("*.py")}


def _imported(name, path):
    """The portal modules `name` imports, at the top or inside a function: an import put in a
    function to dodge a cycle is still a cycle between the two modules."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[:len(parts) - node.level + 1] + ([base] if base else []))
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {target for target in targets if target in MODULES and target != name}
    # A package this module is inside is imported before it anyway: not an edge of its own.
    return {target for target in found if not name.startswith(f"{target}.")}


def import_graph():
    return {name: _imported(name, path) for name, path in MODULES.items()}


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset("abc")]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_there_is_no_import_cycle_in_portal():
    found = set(cycles(import_graph()))
    assert sorted(map(sorted, found)) == []


def test_route_modules_get_their_blueprint_from_the_areas_blueprint_module():
    for path in PORTAL.glob("*/*routes.py"):
        area = path.parent.name
        source = path.read_text(encoding="utf-8")
        assert "Blueprint(" not in source, path
        assert re.search(rf"^from portal\.{area}\.blueprint import .*\bbp\b", source, re.M), path


def test_route_modules_leave_reading_the_database_to_queries():
    reading = {path.relative_to(ROOT).as_posix() for path in PORTAL.glob("*/*routes.py")
               if re.search(r"db\.session|\bselect\(", path.read_text(encoding="utf-8"))}
    assert reading == set()


def test_importing_every_model_imports_nothing_of_the_web_package():
    """Models own `db` and the clock: a script or a migration can use them without the app."""
    import subprocess
    import sys
    code = ("import sys, models; models.import_all(); import models.markdown; "
            "print(sorted(m for m in sys.modules if m == 'portal' or m.startswith('portal.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
