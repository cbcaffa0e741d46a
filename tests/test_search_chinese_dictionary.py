"""The compact form of jieba's dictionary that gunicorn's workers share segments exactly as
jieba's own dict does, in far less memory."""
import sys

import jieba
import pytest

from search_index.chinese_dictionary import CompactFrequencies, load

TEXTS = [
    "学习型城市建设需要图书馆、学校和社区学习中心的共同参与。",
    "终身学习让每个人都能受益，老年人也可以学习数字技能。",
    "休姆全球学习村（Hume Global Learning Village）在2003年成立，服务移民和青年。",
    "哥伦布大都会图书馆的学习实验室为青少年提供课后辅导与作业帮助",
    "数字 技能 培训 ABC123 learning-city 社区学习中心",
    "图书馆",
    "",
]


@pytest.fixture(scope="module")
def tokenizers():
    load()
    plain = jieba.dt
    compact = jieba.Tokenizer()
    compact.FREQ, compact.total = CompactFrequencies(plain.FREQ), plain.total
    compact.initialized = True
    return plain, compact


@pytest.mark.parametrize("text", TEXTS)
def test_compact_dictionary_segments_like_jiebas_own(tokenizers, text):
    plain, compact = tokenizers
    assert list(compact.tokenize(text, mode="search")) == list(plain.tokenize(text, mode="search"))
    assert compact.lcut(text) == plain.lcut(text)


def test_compact_dictionary_answers_like_a_dict(tokenizers):
    plain, compact = tokenizers
    for word in ["学习", "学习型城市", "学", "图书", "不存在的词语组合", "x"]:
        assert (word in compact.FREQ) == (word in plain.FREQ)
        assert compact.FREQ.get(word) == plain.FREQ.get(word)
        assert compact.FREQ.get(word, 0) == plain.FREQ.get(word, 0)
    assert compact.FREQ["学习"] == plain.FREQ["学习"]
    with pytest.raises(KeyError):
        compact.FREQ["不存在的词语组合"]
    assert len(compact.FREQ) == len(plain.FREQ)
    with pytest.raises(TypeError):
        compact.FREQ["新词"] = 3


def test_compact_dictionary_is_a_fraction_of_the_dict(tokenizers):
    plain, compact = tokenizers
    dict_bytes = sys.getsizeof(plain.FREQ) + sum(map(sys.getsizeof, plain.FREQ))
    trie_bytes = len(compact.FREQ._keys.tobytes()) + compact.FREQ._frequencies.itemsize * len(compact.FREQ)
    assert trie_bytes * 4 < dict_bytes


def test_gunicorn_master_loads_the_compact_form_before_forking():
    """Run in a fresh interpreter: the hook swaps the dict, and memory goes down, not up."""
    import subprocess
    import textwrap
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent
    script = textwrap.dedent("""
        import runpy
        def rss_mb():
            for line in open("/proc/self/status"):
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
        import jieba
        from search_index.chinese_dictionary import load, CompactFrequencies
        load()
        full = rss_mb()
        runpy.run_path("gunicorn.conf.py")["on_starting"](None)
        from search_index.engine_internals import jieba_dictionary
        assert isinstance(jieba_dictionary(jieba), CompactFrequencies)
        assert [w for w, _, _ in jieba.tokenize("学习型城市", mode="search")] == ["学习", "学习型", "城市"]
        print(full - rss_mb())
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) > 30   # MB handed back
