"""Reads the source documents themselves, when the project's shared folder is beside the
checkout or above it (as it is in development, in a worktree and in CI); `PORTAL_SEEDS_DIR`
names it elsewhere."""
import os
import re


def _seeds_dir():
    if os.environ.get("PORTAL_SEEDS_DIR"):
        return os.environ["PORTAL_SEEDS_DIR"]
    here = os.path.dirname(os.path.abspath(__file__))
    for _ in range(4):
        here = os.path.dirname(here)
        candidate = os.path.join(here, "shared", "seeds")
        if os.path.isdir(candidate):
            return candidate
    return os.path.join(os.path.dirname(__file__), "..", "..", "shared", "seeds")


SEED = os.path.join(_seeds_dir(), "002_ac29a22175aebaae.txt")
SOURCE_WORDS = {"市政府提供的官方数据": "official", "调查结果": "survey",
                "专家评审": "expert", "专家评价": "expert"}


def available():
    return os.path.exists(SEED)


def text():
    with open(SEED, encoding="utf-8") as handle:
        return handle.read()


def key_feature_table():
    """{code: [source, ...]} for every key feature, in the seed's order."""
    with open(SEED, encoding="utf-8") as handle:
        text = handle.read()
    table = text[text.index("表 1 学习型城市主要特征"):]
    parts = re.split(r"^(\d\.\d\.\d)", table, flags=re.M)
    sources = re.compile("|".join(SOURCE_WORDS))
    return {code: [SOURCE_WORDS[m] for m in sources.findall(body)]
            for code, body in zip(parts[1::2], parts[2::2], strict=False)}


def focus_area_codes():
    with open(SEED, encoding="utf-8") as handle:
        text = handle.read()
    table = text[text.index("表 1 学习型城市主要特征"):]
    return re.findall(r"^(\d\.\d) ", table, flags=re.M)


def _declaration():
    """The Declaration's commitments part, NFKC-normalised (full-width digits become ASCII)."""
    import unicodedata
    normalised = unicodedata.normalize("NFKC", text())
    start = normalised.index("依据这个愿景")
    return normalised[start:normalised.index("行动呼吁", start)]


def commitment_titles():
    """{number: Chinese title} of the 12 commitments, as the Declaration heads them."""
    return {int(n): title for n, title in re.findall(r"^(\d{1,2})\.(\S.*?)\s*$", _declaration(), re.M)}


def commitment_sections():
    """{number: the commitment's whole text (its paragraph and actions), spaces removed}."""
    parts = re.split(r"^(\d{1,2})\.\S.*?$", _declaration(), flags=re.M)
    return {int(n): re.sub(r"\s+", "", body) for n, body in zip(parts[1::2], parts[2::2], strict=False)}


def key_feature_block(code):
    """The seed's table text for one key feature, up to the next one."""
    table = text()[text().index("表 1 学习型城市主要特征"):]
    parts = re.split(r"^(\d\.\d\.\d)", table, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=False))[code]
