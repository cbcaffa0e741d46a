"""The search engine behind one adapter: every use of Whoosh's and jieba's private names is in
search_index/engine_internals.py, and the portal refuses to start on versions of Whoosh or
jieba the adapter was not written for (a clear error, not a wrong search result later)."""
import ast
import importlib.metadata
from pathlib import Path

import pytest

from search_index import engine_internals

ROOT = Path(__file__).resolve().parent.parent
ADAPTER = ROOT / "search_index" / "engine_internals.py"
ENGINE_MODULES = ("whoosh", "jieba", "search_index.engine_internals")
# jieba's internals have no underscore: the prefix dictionary and the default tokenizer.
JIEBA_INTERNALS = {"FREQ"}
# Flask's documented way to reach the real app behind `current_app` (not Whoosh's or jieba's).
ALLOWED = {"_get_current_object"}


def _checked_files():
    files = [*sorted((ROOT / "search_index").glob("*.py")), *sorted((ROOT / "portal" / "search").glob("*.py")),
             ROOT / "gunicorn.conf.py", *sorted((ROOT / "bench").glob("*.py"))]
    return [path for path in files if path != ADAPTER]


def _private(name):
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__")) and name not in ALLOWED


def _engine_names(tree):
    """Names a module binds to something imported from Whoosh, jieba or the adapter."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names if a.name.startswith(ENGINE_MODULES)}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(ENGINE_MODULES):
            names |= {a.asname or a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module == "search_index":
            names |= {a.asname or a.name for a in node.names if a.name == "engine_internals"}
    return names


def _root_name(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _own_attributes(cls):
    """Attributes a class sets or defines itself (self._x = …, def _x, _x = …)."""
    own = set()
    for node in ast.walk(cls):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store) and _root_name(node) == "self":
            own.add(node.attr)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            own.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            own.add(node.id)
    for statement in cls.body:   # __slots__ = ("_keys", …)
        if isinstance(statement, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__slots__"
                                                      for t in statement.targets):
            own |= {e.value for e in ast.walk(statement.value) if isinstance(e, ast.Constant)}
    return own


def private_uses(path):
    """[(line, what)] of the uses of an engine's private names in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    engine = _engine_names(tree)
    found = []
    derived = {}   # classes that inherit from an engine class -> the attributes they define
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and any(_root_name(base) in engine for base in node.bases):
            derived[node] = _own_attributes(node)
    inside = {}
    for cls, own in derived.items():
        for child in ast.walk(cls):
            inside[id(child)] = own
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if node.attr in JIEBA_INTERNALS or (node.attr == "dt" and _root_name(node) == "jieba"):
                found.append((node.lineno, f"jieba's {node.attr}"))
            elif _private(node.attr):
                if _root_name(node) not in ("self", "cls"):
                    found.append((node.lineno, node.attr))
                elif id(node) in inside and node.attr not in inside[id(node)]:
                    found.append((node.lineno, f"{node.attr} (inherited from the engine)"))
        elif isinstance(node, ast.Call):
            found += [(node.lineno, f"keyword {k.arg}") for k in node.keywords if k.arg and _private(k.arg)]
            if isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr", "setattr", "delattr"):
                found += [(node.lineno, f"{node.func.id} {a.value!r}") for a in node.args[1:2]
                          if isinstance(a, ast.Constant) and isinstance(a.value, str) and _private(a.value)]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(ENGINE_MODULES[:2]):
            found += [(node.lineno, f"import {a.name}") for a in node.names if _private(a.name)]
    return sorted(set(found))


def test_no_module_but_the_adapter_touches_whoosh_or_jieba_internals():
    uses = {str(path.relative_to(ROOT)): private_uses(path) for path in _checked_files()}
    assert {path: found for path, found in uses.items() if found} == {}


def test_the_check_finds_the_kinds_of_use_it_forbids(tmp_path):
    """The guard itself: each way of reaching an internal is caught, public names are not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import jieba\n"
        "from whoosh.codec import whoosh3, _hidden\n"
        "from whoosh.writing import SegmentWriter\n"
        "class Builder(SegmentWriter):\n"
        "    def __init__(self, ix):\n"
        "        super().__init__(ix, _lk=False)\n"
        "        self._mine = 1\n"
        "    def done(self):\n"
        "        return self._finalize_segment(), self._mine\n"
        "def f(schema, leaf, reader):\n"
        "    jieba.dt.FREQ = {}\n"
        "    getattr(leaf, '_perdoc', None)\n"
        "    reader.doc_count()\n"
        "    return schema._fields, whoosh3._lenfield('x'), reader.__class__\n",
        encoding="utf-8")
    assert [what for _line, what in private_uses(sample)] == [
        "import _hidden", "keyword _lk", "_finalize_segment (inherited from the engine)",
        "jieba's FREQ", "jieba's dt", "getattr '_perdoc'", "_fields", "_lenfield"]


# -- the start-up check --------------------------------------------------------------------------

def test_the_versions_the_adapter_was_written_for_pass():
    assert engine_internals.check_engine() is None


@pytest.mark.parametrize("package, found", [("Whoosh-Reloaded", "2.7.6"), ("jieba", "0.43.0")])
def test_another_version_stops_with_the_package_and_both_versions(monkeypatch, package, found):
    real = engine_internals.installed_version
    monkeypatch.setattr(engine_internals, "installed_version",
                        lambda name: found if name == package else real(name))
    with pytest.raises(engine_internals.EngineVersionError) as error:
        engine_internals.check_engine()
    message = str(error.value)
    assert package in message and found in message and engine_internals.WRITTEN_FOR[package] in message


def test_a_missing_package_is_named(monkeypatch):
    def not_installed(name):
        raise importlib.metadata.PackageNotFoundError(name)
    monkeypatch.setattr(engine_internals, "installed_version", not_installed)
    with pytest.raises(engine_internals.EngineVersionError, match="Whoosh-Reloaded is not installed"):
        engine_internals.check_engine()


def test_a_private_name_gone_from_the_engine_is_named(monkeypatch):
    from whoosh.codec.whoosh3 import W3PerDocReader
    monkeypatch.delattr(W3PerDocReader, "_cached_reader")
    with pytest.raises(engine_internals.EngineVersionError, match="W3PerDocReader._cached_reader"):
        engine_internals.check_engine()


def test_jiebas_dictionary_attribute_gone_is_named(monkeypatch):
    import jieba
    monkeypatch.delattr(jieba, "dt")
    with pytest.raises(engine_internals.EngineVersionError, match="jieba.dt"):
        engine_internals.check_engine()


def test_the_app_does_not_start_on_another_whoosh(tmp_path, monkeypatch):
    from tests.conftest import make_app
    monkeypatch.setattr(engine_internals, "installed_version",
                        lambda name: "2.8.0" if name == "Whoosh-Reloaded" else "0.42.1")
    with pytest.raises(engine_internals.EngineVersionError, match="Whoosh-Reloaded 2.8.0 is installed"):
        make_app(f"sqlite:///{tmp_path / 'unused.sqlite3'}", tmp_path)


def test_opening_the_index_outside_the_app_checks_too(tmp_path, monkeypatch):
    """The CLI's rebuild, the bench scripts and the gunicorn workers all open the index."""
    from search_index import storage
    monkeypatch.setattr(engine_internals, "installed_version",
                        lambda name: "0.40" if name == "jieba" else "2.7.5")
    engine_internals.ensure_engine.cache_clear()
    try:
        with pytest.raises(engine_internals.EngineVersionError, match="jieba 0.40"):
            storage.open_index(str(tmp_path / "index"))
    finally:
        engine_internals.ensure_engine.cache_clear()


def test_the_rebuild_command_stops_on_another_jieba(runner, monkeypatch):
    monkeypatch.setattr(engine_internals, "installed_version",
                        lambda name: "0.39" if name == "jieba" else "2.7.5")
    result = runner.invoke(args=["search-reindex", "--nice", "0"])   # (--nice would stay on the test process)
    assert result.exit_code == 1
    assert "jieba 0.39 is installed" in result.output and "jieba 0.42.1" in result.output
