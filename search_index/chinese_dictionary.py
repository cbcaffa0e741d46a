"""jieba's dictionary, loaded once per process, in one of two forms.

jieba keeps its dictionary as a Python dict of ~500 000 entries (every word and every prefix of
a word, with its frequency): ~62 MB of small objects, a third of a web worker's memory. A web
worker only segments queries and the odd published practice, so gunicorn's master swaps that
dict for `CompactFrequencies` (a marisa trie of the same keys and an array of the same
frequencies, ~8 MB) before it forks. Lookups are ~4× slower (~1 µs instead of 0.25 µs), which
a query of a few characters does not notice; the same words come out, in the same order.
Command-line work (a rebuild segments a whole corpus) keeps jieba's own dict."""
import array
import ctypes
import gc
import logging

from search_index import engine_internals


def load(compact=False):
    """jieba with its dictionary loaded (~0.6 s); `compact` also swaps it for the small form
    (~1.7 s more, once). Returns the jieba module."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    if not compact:
        return jieba
    engine_internals.ensure_engine()   # gunicorn's master swaps the dict before the app checks
    frequencies = engine_internals.jieba_dictionary(jieba)
    if not isinstance(frequencies, CompactFrequencies):
        engine_internals.replace_jieba_dictionary(jieba, CompactFrequencies(frequencies))
        _release_freed_memory()
    return jieba


class CompactFrequencies:
    """The read-only part of a dict[str, int] that jieba's tokenizer uses (`in`, `[]`, `get`),
    over a trie of the keys and an array of the values indexed by the trie's key ids."""

    __slots__ = ("_keys", "_frequencies")

    def __init__(self, frequencies):
        import marisa_trie
        self._keys = marisa_trie.Trie(frequencies.keys())
        self._frequencies = array.array("I", [0]) * len(self._keys)
        for word, frequency in frequencies.items():
            self._frequencies[self._keys[word]] = frequency

    def __len__(self):
        return len(self._keys)

    def __contains__(self, word):
        return word in self._keys

    def __getitem__(self, word):
        return self._frequencies[self._keys[word]]

    def get(self, word, default=None):
        key_id = self._keys.get(word)
        return default if key_id is None else self._frequencies[key_id]

    def __setitem__(self, word, frequency):
        raise TypeError("the compact dictionary is read-only (jieba.add_word is not supported "
                        "in a web worker)")


def _release_freed_memory():
    """Give the pages of the dropped dict back to the system before gunicorn forks."""
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc
        pass
