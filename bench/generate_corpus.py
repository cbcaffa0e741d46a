#!/usr/bin/env python3
"""Synthetic learning-city practices in the import format (docs/practices-jsonl.md).

    .venv/bin/python bench/generate_corpus.py 10000 /tmp/bench/corpus-10000.jsonl [--seed 1]

~70% English and ~30% Chinese as the main language, ~20% with a translation (half of
those with a translated body); titles ~10 words, summaries at most 80 words (a CJK
character counts as a word, as the import counts), bodies 300-500 words in Markdown.
Text mixes learning-city topic terms (multi-word phrases kept together, so phrase
queries match) with a few thousand generic words drawn from a Zipf distribution, so
there are very common and very rare words. Countries are the real ISO codes of the
UNESCO Member States (data/member_states.yaml); city names are generated and assigned to
countries; key features come from data/key_features.yaml.

The vocabulary is fixed (it does not depend on the seed), so benchmark queries can name
words from it; the seed decides everything else. Same N and seed -> same file.
"""
import argparse
import bisect
import itertools
import json
import os
import random
import re
import sys
import time

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")

# --- topic vocabulary (ordered roughly by how often a practice would use it) -------------

TOPICS_EN = [
    "library", "learning", "community", "literacy", "digital skills", "older people", "volunteers",
    "lifelong learning", "learning city", "families", "migrants", "workplace training", "school",
    "community learning centre", "learning festival", "adult education", "young people",
    "green skills", "public library", "reading", "museum", "university", "neighbourhood",
    "employers", "citizenship", "health literacy", "early childhood", "vocational training",
    "sustainable development", "social cohesion", "refugees", "intergenerational", "parents",
    "inclusion", "apprenticeship", "women", "unemployed", "mobile library", "makerspace",
    "reading circle", "family learning", "climate", "well-being", "open data", "e-learning",
    "career guidance", "second-chance education", "people with disabilities", "study circle",
    "learning passport", "recognition of prior learning", "community garden", "media literacy",
    "financial literacy", "heritage", "local economy", "partnership", "mentoring", "outreach",
    "learning neighbourhood", "smart city", "recycling", "urban farming", "circular economy",
]
TOPICS_ZH = [
    "学习", "社区", "图书馆", "终身学习", "学习型城市", "社区学习", "老年人", "数字技能", "志愿者",
    "社区教育", "家庭教育", "阅读", "职业培训", "学习节", "成人教育", "青少年", "绿色技能", "移民",
    "老年大学", "社区学习中心", "继续教育", "博物馆", "可持续发展", "全民学习", "学习活动周",
    "农民工", "残疾人", "妇女", "扫盲", "数字鸿沟", "智慧城市", "市民", "公共图书馆", "学分银行",
    "社区学院", "读书会", "非遗", "传统文化", "健康素养", "垃圾分类", "职业技能", "创业",
    "亲子阅读", "乡村振兴", "网络课程", "学习共同体", "文化站", "市民学校", "线上学习", "城市治理",
]

# Generic English words (real) ...
_GENERIC_EN = """
the of and to in for with on by from as at that this is are was were be been has have had
will can may more most also new city local people year years time work support other their
its all each both many some such these those through between during after before about over
into across within without under among around per every which who where when how while not
only well first second third year help open free public group groups service services project
projects programme programmes activity activities course courses session sessions training
skills learning learners teacher teachers staff centre centres network networks partner
partners plan plans policy policies approach approaches method methods result results impact
evaluation evidence data survey report reports study research quality access cost costs fund
funding budget resource resources space spaces room rooms building buildings area areas
district districts region regions village villages town towns street streets home homes
family child children adult adults student students worker workers resident residents member
members citizen citizens person persons friend friends neighbour neighbours leader leaders
volunteer coordinator coordinators mayor council department office agency agencies
organisation organisations association associations foundation company companies business
businesses employer market markets job jobs employment income economy industry sector sectors
health care hospital clinic food water energy transport housing culture art arts music theatre
dance film sport sports game games garden gardens park parks nature environment river forest
climate weather season summer winter spring autumn week weeks month months day days evening
morning afternoon night hour hours minute meeting meetings event events festival fair
exhibition workshop workshops lecture lectures class classes lesson lessons tutor tutors
mentor guide guides book books story stories language languages english mathematics science
history technology computer computers phone phones tablet tablets internet online website app
platform video radio newspaper magazine media network print library libraries school schools
college colleges university universities museum museums theatre kitchen cafe shop shops
factory farm farms field fields road bridge square market hall church temple mosque station
small large big little long short high low good better best strong weak young old older
younger early late local national international global regional urban rural social cultural
economic political personal professional practical digital green active creative critical
basic advanced simple complex common rare special general main key important useful
successful difficult easy possible available different similar same whole full part half
daily weekly monthly yearly regular annual recent current future past present next last
began begin started start continue continued grew grow growing reached reach offer offered
offering provide provided providing create created creating build built develop developed
developing improve improved improving increase increased reduce reduced share shared sharing
learn learned teach taught train trained join joined joining meet met visit visited visitors
travel moved move bring brought take took make made give gave find found show showed use used
using need needs needed want wanted ask asked answer answered listen read wrote write written
speak spoke talk talked play played run ran walk walked cook cooked grow planted plant plants
repair repaired sell sold buy bought pay paid save saved change changed changes test tested
measure measured count counted record recorded track followed follow lead led manage managed
organise organised invite invited welcome welcomed celebrate celebrated recognise recognised
award awards prize certificate certificates diploma qualification qualifications credit credits
goal goals target targets aim aims idea ideas question questions problem problems challenge
challenges solution solutions opportunity opportunities barrier barriers risk risks need
strength strengths lesson experience experiences knowledge understanding confidence trust
motivation interest interests skill ability abilities habit habits routine practice practices
example examples case cases model models tool tools kit guide toolkit handbook manual booklet
map maps list lists form forms letter letters sign signs poster posters card cards ticket
bus train car bicycle bike boat walkway path trail tour tours route routes journey
"""
_GENERIC_ZH_FALLBACK = """
我们 他们 城市 发展 工作 活动 服务 项目 居民 学校 教师 学生 家长 孩子 老人 青年 企业 政府 部门
组织 机构 中心 平台 课程 培训 教育 文化 社会 经济 环境 健康 技术 网络 资源 空间 时间 地方 区域
街道 乡镇 农村 城乡 合作 参与 支持 提供 建立 推动 开展 组织 提升 提高 促进 加强 完善 创新 探索
实践 经验 成果 效果 影响 评估 数据 调查 报告 研究 质量 机会 需求 问题 挑战 方法 模式 工具 手册
"""

# --- pseudo-words: a deterministic, seed-independent tail of rare generic words -----------

_ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "l", "m", "n",
           "p", "pl", "pr", "r", "s", "sh", "sk", "st", "t", "tr", "v", "w", "z"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou", "io"]
_CODAS = ["", "", "n", "r", "l", "m", "nd", "st", "th", "x", "k"]


def _pseudo_words(count, rng, syllables=(2, 3)):
    seen, words = set(), []
    while len(words) < count:
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) + rng.choice(_CODAS)
                       for _ in range(rng.choice(syllables)))
        if 5 <= len(word) <= 12 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _chinese_generic(count):
    """Common multi-character words from jieba's dictionary (the segmenter the portal uses),
    by frequency; a short fixed list when jieba is not installed."""
    try:
        import jieba
        path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
        rows = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                word, freq, *_ = line.split(" ")
                if 2 <= len(word) <= 4 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
                    rows.append((-int(freq), word))
        rows.sort()
        topics = set(TOPICS_ZH)
        return [w for _, w in rows if w not in topics][:count]
    except ImportError:
        return _GENERIC_ZH_FALLBACK.split()


class Vocabulary:
    """Fixed word lists with Zipf weights (rank 1 most frequent)."""

    RARE_RATE = 0.001  # share of generic English tokens drawn uniformly from the rare tail

    def __init__(self, generic_en=3500, generic_zh=4000, rare_tail=20000):
        rng = random.Random(20240611)  # fixed: the vocabulary never depends on --seed
        real = list(dict.fromkeys(_GENERIC_EN.split()))
        pseudo = [w for w in _pseudo_words(generic_en + rare_tail, rng) if w not in set(real)]
        self.generic_en = real + pseudo[:generic_en]
        # Words that occur about once per 1,000 practices each (like names): "rare words".
        self.rare_tail = pseudo[generic_en:]
        self.generic_zh = _chinese_generic(generic_zh)
        self.topics_en, self.topics_zh = TOPICS_EN, TOPICS_ZH
        self.cum = {name: _zipf_cum(len(getattr(self, name)), s)
                    for name, s in (("generic_en", 1.0), ("generic_zh", 1.0),
                                    ("topics_en", 0.9), ("topics_zh", 0.9))}



def _zipf_cum(n, s):
    return list(itertools.accumulate(1.0 / (r ** s) for r in range(1, n + 1)))


# --- reference data ---------------------------------------------------------------------

def load_reference(data_dir=DATA):
    with open(os.path.join(data_dir, "member_states.yaml"), encoding="utf-8") as handle:
        states = yaml.safe_load(handle)["member_states"]
    with open(os.path.join(data_dir, "key_features.yaml"), encoding="utf-8") as handle:
        areas = yaml.safe_load(handle)["areas"]
    codes = [kf["code"] for a in areas for fa in a["focus_areas"] for kf in fa["key_features"]]
    return [s["iso"] for s in states], codes


ORGANISATION_TYPES = {
    "public_library": "Public Library", "school": "School", "university": "University",
    "museum": "Museum", "community_learning_centre": "Community Learning Centre", "ngo": "Association",
    "municipality": "City Council", "business": "Company", "other": "Foundation",
}
ORGANISATION_TYPES_ZH = {
    "public_library": "图书馆", "school": "学校", "university": "大学", "museum": "博物馆",
    "community_learning_centre": "社区学习中心", "ngo": "协会", "municipality": "市政府",
    "business": "公司", "other": "基金会",
}
TARGET_GROUPS = ["children", "young_people", "adults", "older_people", "families", "migrants",
                 "people_with_disabilities", "women", "unemployed", "low_literacy", "all"]
HEADINGS_EN = [("Why", "What happens", "What changed"), ("The need", "What we did", "Results"),
               ("Background", "Activities", "Lessons")]
HEADINGS_ZH = [("背景", "做法", "成效"), ("需求", "主要活动", "结果"), ("缘起", "实施过程", "经验")]


def make_cities(rng, countries, count):
    """`count` generated cities, assigned to countries with a skewed distribution (a few
    countries have many member cities, as in the real network). [(iso, name)]"""
    order = countries[:]
    rng.shuffle(order)
    weights = list(itertools.accumulate(1.0 / (r ** 0.8) for r in range(1, len(order) + 1)))
    names = _pseudo_words(count, random.Random(rng.random()), syllables=(2, 3))
    cities = []
    for i, name in enumerate(names):
        iso = order[i] if i < min(len(order), count // 3) else order[_pick(rng, weights)]
        cities.append((iso, name.capitalize() + rng.choice(["", "", "", " City", "burg", "ville", "stad"])))
    return cities


def _pick(rng, cum):
    return bisect.bisect(cum, rng.random() * cum[-1])


# --- text ---------------------------------------------------------------------------------

class Writer:
    def __init__(self, vocab, rng):
        self.v, self.rng = vocab, rng

    def _generic(self, lang, k):
        words = self.v.generic_en if lang == "en" else self.v.generic_zh
        tokens = self.rng.choices(words, cum_weights=self.v.cum[f"generic_{lang}"], k=k)
        if lang == "en" and k:
            rand, tail = self.rng.random, self.v.rare_tail
            for _ in range(int(k * self.v.RARE_RATE + rand())):
                tokens[int(rand() * k)] = tail[int(rand() * len(tail))]
        return tokens

    def _topics(self, lang, k):
        words = self.v.topics_en if lang == "en" else self.v.topics_zh
        return self.rng.choices(words, cum_weights=self.v.cum[f"topics_{lang}"], k=k)

    def tokens(self, lang, n, topic_share):
        """About n words: generic words with topic terms (possibly multi-word) mixed in."""
        k_topic = max(1, int(n * topic_share * self.rng.uniform(0.6, 1.4)))
        topics = self._topics(lang, k_topic)
        used = sum(t.count(" ") + 1 for t in topics) if lang == "en" else k_topic
        tokens = self._generic(lang, max(0, n - used))
        rand = self.rng.random
        for term in topics:
            tokens.insert(int(rand() * (len(tokens) + 1)), term)
        return tokens

    def sentences(self, lang, tokens):
        rand, out, i = self.rng.random, [], 0
        while i < len(tokens):
            j = i + 8 + int(rand() * 13)
            chunk = tokens[i:j]
            if lang == "en":
                s = " ".join(chunk)
                out.append(s[0].upper() + s[1:] + ".")
            else:
                if len(chunk) > 10:
                    cut = 4 + int(rand() * (len(chunk) - 7))
                    out.append("".join(chunk[:cut]) + "，" + "".join(chunk[cut:]) + "。")
                else:
                    out.append("".join(chunk) + "。")
            i = j
        return out

    def title(self, lang, city):
        rng = self.rng
        if lang == "en":
            words = self.tokens("en", rng.randint(6, 10), 0.25)
            words += rng.choice([["in", city], ["for", rng.choice(["all", "everyone", "residents"])], []])
            s = " ".join(words)
        else:
            s = "".join(self.tokens("zh", rng.randint(5, 8), 0.3))
            if rng.random() < 0.4:
                s = city + s
        return s[0].upper() + s[1:]

    def summary(self, lang):
        rng = self.rng
        if lang == "en":
            return " ".join(self.sentences("en", self.tokens("en", rng.randint(35, 70), 0.15)))
        text = "".join(self.sentences("zh", self.tokens("zh", rng.randint(14, 30), 0.2)))
        return _cut_cjk(text, rng.randint(45, 78))  # <= 80 "words" with CJK counted per character

    def body(self, lang, city, organisation):
        rng = self.rng
        n = rng.randint(300, 500)
        heads = rng.choice(HEADINGS_EN if lang == "en" else HEADINGS_ZH)
        n -= 6 if lang == "en" else 3           # the headings' words count too
        parts = [int(n * f) for f in (0.3, 0.45)]
        sizes = [parts[0], parts[1], n - parts[0] - parts[1]]
        lead = (f"In {city}, {organisation} runs this practice." if lang == "en"
                else f"{city}的{organisation}开展了这项实践。")
        blocks = []
        for head, size in zip(heads, sizes, strict=True):
            sents = self.sentences(lang, self.tokens(lang, max(size - (6 if not blocks else 0), 5), 0.12))
            if not blocks:
                sents.insert(0, lead)
            paragraphs, i = [], 0
            while i < len(sents):
                k = rng.randint(3, 6)
                paragraphs.append((" " if lang == "en" else "").join(sents[i:i + k]))
                i += k
            blocks.append(f"## {head}\n\n" + "\n\n".join(paragraphs))
        return "\n\n".join(blocks)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+")


def _cut_cjk(text, limit):
    """At most `limit` words as portal.text.count_words counts them, ending with 。"""
    words = _CJK.findall(text)
    if len(words) <= limit:
        return text
    cut = "".join(words[:limit - 1]).rstrip("，。")
    return cut + "。"


def count_words(text):
    return len(_CJK.findall(text or ""))


_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _portal_words(text):
    """Words as portal.text.count_words counts them (two Chinese characters to a word)."""
    runs = [w for w in _CJK.findall(text) if not _HAN.fullmatch(w) and re.search(r"[^\W_]", w)]
    return len(runs) - (-len(_HAN.findall(text)) // 2)


# --- practices ------------------------------------------------------------------------------

CHUNK = 2000  # practices per independently seeded chunk (fixed: part of the output's definition)


class Setting:
    """What every chunk shares: vocabulary, reference data, the cities (from the seed)."""

    def __init__(self, seed, cities_count):
        self.seed = seed
        self.vocab = Vocabulary()
        self.countries, self.key_features = load_reference()
        self.cities = make_cities(random.Random(seed), self.countries, cities_count)
        self.city_cum = list(itertools.accumulate(1.0 / (r ** 0.7) for r in range(1, len(self.cities) + 1)))


def practices(n, seed=1, cities_count=300, setting=None):
    setting = setting or Setting(seed, cities_count)
    for start in range(0, n, CHUNK):
        yield from chunk(setting, start, min(n, start + CHUNK))


def chunk(setting, start, stop):
    """Practices start..stop-1; chunk k has its own generator seeded by (seed, k), so the
    output is the same however many processes write it."""
    seed = setting.seed
    rng = random.Random(f"{seed}:{start // CHUNK}")
    vocab, key_features, cities, city_cum = setting.vocab, setting.key_features, setting.cities, setting.city_cum
    writer = Writer(vocab, rng)
    # The sections a published practice needs (need, what was done, results) come from their
    # own generator, so every other field is what it was before the portal asked for them.
    sections = Writer(vocab, random.Random(f"{seed}:{start // CHUNK}:sections"))
    org_types = list(ORGANISATION_TYPES)
    for i in range(start, stop):
        lang = "en" if rng.random() < 0.7 else "zh"
        iso, city = cities[_pick(rng, city_cum)]
        org_type = rng.choice(org_types)
        organisation = (f"{city} {ORGANISATION_TYPES[org_type]}" if lang == "en"
                        else f"{city}{ORGANISATION_TYPES_ZH[org_type]}")
        item = {
            "external_id": f"bench-{seed}-{i:07d}",
            "title": writer.title(lang, city),
            "summary": writer.summary(lang),
            "body": writer.body(lang, city, organisation),
            "language": lang, "country": iso, "city": city,
            "commitments": sorted(rng.sample(range(1, 13), rng.randint(1, 3))),
            "organisation": organisation, "organisation_type": org_type,
            "year": rng.randint(2000, 2025),
            "target_groups": sorted(rng.sample(TARGET_GROUPS, rng.randint(1, 3))),
            "key_features": sorted(rng.sample(key_features, rng.randint(0, 3))),
        }
        for section, size in (("need", 20), ("activities", 35), ("results", 20)):
            words = sections.sentences(lang, sections.tokens(lang, size, 0.15))
            item[section] = (" " if lang == "en" else "").join(words)
        if lang == "zh" and _portal_words(item["summary"]) < 20:   # a summary needs 20 words
            item["summary"] += "".join(sections.sentences("zh", sections.tokens("zh", 8, 0.15)))
        if rng.random() < 0.05:
            item["kind"] = "case_study"
            item["results"] = " ".join(writer.sentences(lang, writer.tokens(lang, 40, 0.15))) \
                if lang == "en" else "".join(writer.sentences(lang, writer.tokens(lang, 30, 0.15)))
        if rng.random() < 0.2:
            other = "zh" if lang == "en" else "en"
            translation = {"language": other, "title": writer.title(other, city),
                           "summary": writer.summary(other)}
            if rng.random() < 0.5:
                translation["body"] = writer.body(other, city, organisation)
            item["translation"] = translation
        if rng.random() < 0.15:
            item["ongoing"] = False
        yield item


_SETTING = None


def _chunk_text(job):
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chunk(_SETTING, *job))


def _chunk_file(job):
    """Write one chunk to its own file (so the parent does not copy the text); its path."""
    path, start, stop = job
    with open(path, "w", encoding="utf-8") as out:
        out.write(_chunk_text((start, stop)))
    return path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of practices")
    parser.add_argument("out", help="output .jsonl file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cities", type=int, default=300, help="number of generated cities (default 300)")
    parser.add_argument("--procs", type=int, default=os.cpu_count() or 1,
                        help="worker processes (the output does not depend on it)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    temporary = args.out + ".tmp"
    global _SETTING
    _SETTING = Setting(args.seed, args.cities)
    starts = range(0, args.n, CHUNK)
    jobs = [(s, min(args.n, s + CHUNK)) for s in starts]
    if args.procs > 1 and len(jobs) > 1:
        import multiprocessing
        import shutil
        parts = [(f"{temporary}.{k}", *job) for k, job in enumerate(jobs)]
        try:
            with multiprocessing.get_context("fork").Pool(args.procs) as pool:
                pool.map(_chunk_file, parts, chunksize=1)
            with open(temporary, "wb") as out:
                for path, *_ in parts:
                    with open(path, "rb") as part:
                        shutil.copyfileobj(part, out, 1 << 20)
        finally:
            for path, *_ in parts:
                if os.path.exists(path):
                    os.remove(path)
    else:
        with open(temporary, "w", encoding="utf-8") as out:
            for job in jobs:
                out.write(_chunk_text(job))
    os.replace(temporary, args.out)
    print(f"{args.n} practices written to {args.out} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
