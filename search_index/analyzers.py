"""Text analysis per language."""
import logging

from whoosh.analysis import StemmingAnalyzer


def english():
    return StemmingAnalyzer()


def chinese():
    """jieba's analyzer for Whoosh (search-mode segmentation: overlapping words, good recall).
    Loading its dictionary costs ~0.6 s and ~65 MB once per process."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    from jieba.analyse import ChineseAnalyzer
    return ChineseAnalyzer()


_english = None


def english_term(word):
    """How the English analyzer indexes one word (its stem)."""
    global _english
    if _english is None:
        _english = english()
    tokens = [t.text for t in _english(word)]
    return tokens[0] if tokens else word
