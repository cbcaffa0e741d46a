"""The Chinese reference data says what the source documents say, in its own words.

Every Chinese text of data/*.yaml (summaries, actions, the Call for Action, descriptions,
measurement-point definitions) is compared with the Beijing Declaration and the Key Features
as printed in the seed, ignoring punctuation, spaces and figures. A passage is too close when
  - it shares a run of RUN or more characters with the seed, or
  - runs of at least 5 shared characters cover COVERED or more of it (a sentence rebuilt
    from the seed's phrases).
Official names (of the Declaration, the commitments, the areas, focus areas, key features
and measurement points, and of the organisers) may follow the official wording: they are
exempt, both as data fields and where a passage quotes them."""
import glob
import os
import re
import unicodedata

import pytest
import yaml

from tests import seed
from tests.conftest import DATA_DIR

RUN = 10
COVERED = 0.5
SHORTEST_RUN, SHORTEST_PASSAGE = 5, 12
NAME_FIELDS = re.compile(r"\.(title|name|place)\.zh$")
OFFICIAL_NAMES = ["全民终身学习：城市的包容、繁荣与可持续发展", "联合国教科文组织", "中华人民共和国教育部",
                  "北京市人民政府", "首届国际学习型城市大会", "学习型城市全球网络"]
PUNCTUATION = re.compile(r"[\s，。；：、（）“”‘’《》〈〉,.;:()\[\]\-—–·!?！？\"'/%~～]+")
FIGURES = re.compile(r"\d+")

pytestmark = pytest.mark.skipif(not seed.available(), reason="the shared seeds are not beside the checkout")


def plain(text):
    """What is compared: the characters without punctuation or spaces; a figure (a fact,
    not wording) breaks a run ("|")."""
    return FIGURES.sub("|", PUNCTUATION.sub("", unicodedata.normalize("NFKC", text)))


def chinese_texts(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from chinese_texts(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from chinese_texts(value, f"{path}[{index}]")
    elif isinstance(node, str) and path.endswith(".zh"):
        yield path, node


def data_texts():
    for path in sorted(glob.glob(os.path.join(DATA_DIR, "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            for where, text in chinese_texts(yaml.safe_load(handle)):
                yield f"{os.path.basename(path)}{where}", text


def shared_runs(text, source):
    """(start, length) of each run of SHORTEST_RUN or more characters also found in `source`,
    scanning greedily from left to right."""
    runs, start = [], 0
    while start < len(text):
        length = 0
        while start + length < len(text) and text[start + length] != "|" \
                and text[start:start + length + 1] in source:
            length += 1
        if length >= SHORTEST_RUN:
            runs.append((start, length))
            start += length
        else:
            start += 1
    return runs


@pytest.fixture(scope="module")
def source():
    return plain(seed.text())


@pytest.fixture(scope="module")
def names():
    found = {text for where, text in data_texts() if NAME_FIELDS.search(where)} | set(OFFICIAL_NAMES)
    return sorted({plain(name) for name in found}, key=len, reverse=True)


def closeness(text, source, names):
    """(longest shared run, share of the passage covered by shared runs, its size)."""
    compared = plain(text)
    for name in names:  # quoting an official name is fine
        compared = compared.replace(name, "|")
    runs = shared_runs(compared, source)
    longest = max((length for _, length in runs), default=0)
    size = len(compared.replace("|", ""))
    return longest, sum(length for _, length in runs) / size if size else 0, size


def test_the_measure_catches_a_sentence_taken_from_the_seed(source, names):
    taken = "过去 12 个月由城市组织开发的电子学习资源总容量。"
    assert closeness(taken, source, names)[0] >= RUN
    rebuilt = "我们呼吁世界各地的城市和地区加入这个网络，在城市开发和实施终身学习战略。"
    longest, covered, _ = closeness(rebuilt, source, names)
    assert longest >= RUN or covered >= COVERED
    own_words = "本市在最近一年里组织制作的数字化学习资源的总规模。"
    longest, covered, _ = closeness(own_words, source, names)
    assert longest < RUN and covered < COVERED


def test_chinese_reference_texts_are_in_our_own_words(source, names):
    too_close = []
    for where, text in data_texts():
        if NAME_FIELDS.search(where):
            continue
        longest, covered, size = closeness(text, source, names)
        if longest >= RUN or (size >= SHORTEST_PASSAGE and covered >= COVERED):
            too_close.append(f"{where} (run {longest}, {covered:.0%} shared): {text}")
    assert too_close == [], "rewrite in your own words:\n" + "\n".join(too_close)
