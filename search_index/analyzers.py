"""Text analysis per language."""
from whoosh.analysis import LowercaseFilter, StemFilter, StemmingAnalyzer, StopFilter, Tokenizer
from whoosh.analysis.acore import Token

from . import chinese_dictionary


def english():
    return StemmingAnalyzer()


def load_chinese_dictionary(compact=False):
    """jieba with its dictionary loaded (see chinese_dictionary.py). gunicorn's master loads
    the compact form before it forks (gunicorn.conf.py), so the workers share one small copy."""
    return chinese_dictionary.load(compact=compact)


class ChineseTokenizer(Tokenizer):
    """Chinese words as jieba segments them in search mode (a long word, then the shorter
    words inside it, for recall), numbered in order so that phrases can be matched.

    jieba ships a Whoosh analyzer too, but importing it loads jieba.analyse's keyword
    tables (~100 MB per worker) and it numbers tokens by character offset."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        jieba = load_chinese_dictionary()
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for word, start, end in jieba.tokenize(value, mode="search"):
            if not word.strip() or (len(word) == 1 and not word.isalnum()):
                continue  # spaces and punctuation
            token.text = word
            if keeporiginal:
                token.original = word
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = position
                position += 1
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


def chinese():
    """Chinese segmentation; English words inside Chinese text are lower-cased and stemmed."""
    return ChineseTokenizer() | LowercaseFilter() | StopFilter(minsize=1) | StemFilter()


_english = None


def english_term(word):
    """How the English analyzer indexes one word (its stem)."""
    global _english
    if _english is None:
        _english = english()
    tokens = [t.text for t in _english(word)]
    return tokens[0] if tokens else word
