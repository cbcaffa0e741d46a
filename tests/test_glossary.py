"""Each catalogue uses the words of its language's glossary (docs/glossary-<language>.md):
one word per concept, never a word it rules out; the Chinese reference data too."""
import glob
import json
import os
import re

import pytest
import yaml

from tests.conftest import DATA_DIR, ROOT
from tests.test_translations import SHIPPED, catalogue

ITEM = re.compile(r"`([^`]+)`(\s*\*\(interface\)\*)?")


def glossary(language="zh"):
    """[(concept, english, translation, not_to_use)]; english and not_to_use as [(word, interface_only)]."""
    rows = []
    with open(os.path.join(ROOT, "docs", f"glossary-{language}.md"), encoding="utf-8") as handle:
        for line in handle:
            cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if len(cells) != 5 or cells[0] in ("Concept", "---"):
                continue
            concept, english, chinese, avoid, _notes = cells
            def items(cell):
                return [(word, bool(only)) for word, only in ITEM.findall(cell)]
            rows.append((concept, items(english), [w for w, _ in items(chinese)], items(avoid)))
    return rows


def interface_texts(language):
    """(English, translation) of every message of the catalogue."""
    for message in catalogue(language):
        if not message.id:
            continue
        english = " ".join(message.id) if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        yield english, " ".join(strings)


def _pairs(node, key=None):
    """(English, Chinese) of each bilingual text; an official title or name (which follows
    the source's wording) only as Chinese."""
    if isinstance(node, dict):
        if isinstance(node.get("en"), str) and isinstance(node.get("zh"), str):
            yield ("" if key in ("title", "name") else node["en"]), node["zh"]
        for name, value in node.items():
            yield from _pairs(value, name)
    elif isinstance(node, list):
        for value in node:
            yield from _pairs(value, key)


def data_texts():
    """(English, Chinese) of every bilingual text in data/, Chinese alone where it has none."""
    for path in sorted(glob.glob(os.path.join(DATA_DIR, "**", "*.*"), recursive=True)):
        with open(path, encoding="utf-8") as handle:
            if path.endswith(".yaml"):
                yield from _pairs(yaml.safe_load(handle))
            elif path.endswith(".jsonl"):
                for line in handle:
                    item = json.loads(line)
                    yield "", json.dumps(item.get("translation", item), ensure_ascii=False)


def english_has(english, word):
    """`word` in `english`, its first letter in either case ("Endorse", "endorsed")."""
    first = f"[{word[0].upper()}{word[0].lower()}]"
    return re.search(rf"\b{first}{re.escape(word[1:])}(s|es|d|ed|ment|ments)?\b", english) is not None


def test_the_glossary_lists_the_key_terms():
    chinese = {concept: words for concept, _, words, _ in glossary()}
    assert chinese["endorse"] == ["推荐"] and chinese["call (for membership)"] == ["征集"]
    assert chinese["peer learning"][0] == "同行学习" and chinese["key features"] == ["主要特征"]
    assert "民间社会组织" in chinese["civil society"]


KEY_TERMS = ("learning city", "lifelong learning", "National Commission", "endorse", "call",
             "practice", "peer", "key feature", "measurement point")


@pytest.mark.parametrize("language", SHIPPED)
def test_every_glossary_has_the_key_terms(language):
    english = " ".join(form for _, forms, words, _ in glossary(language) if words for form, _ in forms)
    english += " " + " ".join(concept for concept, _, words, _ in glossary(language) if words)
    missing = [term for term in KEY_TERMS if term.lower() not in english.lower()]
    assert missing == [], f"docs/glossary-{language}.md lacks {missing}"


def _check(texts, in_interface, language="zh"):
    rows = glossary(language)
    approved = sorted({word for _, _, words, _ in rows for word in words}, key=len, reverse=True)
    wrong = []
    for english, chinese in texts:
        for concept, forms, words, avoid in rows:
            for form, interface_only in forms:
                if (in_interface or not interface_only) and english_has(english, form) \
                        and not any(word in chinese for word in words):
                    wrong.append(f"{concept}: {english!r} → {chinese!r} lacks {'/'.join(words)}")
            rest = chinese
            for word in approved:
                rest = rest.replace(word, "|")
            for word, interface_only in avoid:
                if (in_interface or not interface_only) and word in rest:
                    wrong.append(f"{concept}: {chinese!r} uses {word}")
    return wrong


@pytest.mark.parametrize("language", SHIPPED)
def test_the_catalogue_uses_the_glossary(language):
    wrong = _check(interface_texts(language), in_interface=True, language=language)
    assert wrong == [], "\n".join(wrong)


def test_the_chinese_reference_data_uses_the_glossary():
    wrong = _check(data_texts(), in_interface=False)
    assert wrong == [], "\n".join(wrong)
