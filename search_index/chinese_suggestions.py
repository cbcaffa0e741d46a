"""“Did you mean” for Chinese: a word typed with one wrong character.

Chinese is typed through an input method that offers characters by sound, so the usual slip
is one character replaced by another (图书管 for 图书馆, 终生学习 for 终身学习); the result is
often still a string jieba can cut into words, so looking up "unknown words" is not enough.
Instead, every stretch of two to four characters of the query that is not itself a word of
the index is compared with the index's Chinese words of the same length that differ from it
in exactly one character. Candidates are tried longest stretch first, then most frequent
word first, and one is suggested only if the corrected query finds more practices.

The index's Chinese words are kept per process in small tries (marisa, a few bytes a word):
one per index segment, read once (segments never change; ~10 ms each), and, for the segments
of the current view, a forward and a reversed trie of all of them, made again only when a
suggestion is needed after the segments changed. A word differing in its first half is found
through the reversed trie, one differing in its second half through the forward trie, so a
lookup reads only the words that share half of the characters.
"""
import re

import marisa_trie

FIELDS = ("title_zh", "text_zh")
LENGTHS = (4, 3, 2)        # stretches of the query tried, longest first
CANDIDATES_TRIED = 3       # corrected queries counted at most, per suggestion
_CJK_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_CJK_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,4}$")


class Lexicon:
    """Chinese words of two to four characters, with the number of documents that have each
    (kept in memory: reading it from the index costs a disk seek per word)."""

    def __init__(self, frequencies):
        self.forward = marisa_trie.RecordTrie("<I", ((w, (n,)) for w, n in frequencies.items()))
        self.backward = marisa_trie.Trie(word[::-1] for word in frequencies)

    def frequency(self, word):
        found = self.forward.get(word)
        return found[0][0] if found else 0

    def one_character_apart(self, word):
        """The words of the same length that differ from `word` in exactly one character."""
        found, n = set(), len(word)
        for place in range(n):
            if place >= n // 2:
                keys = self.forward.keys(word[:place])
            else:
                keys = [key[::-1] for key in self.backward.keys(word[place + 1:][::-1])]
            found.update(key for key in keys if len(key) == n and key != word
                         and key[:place] == word[:place] and key[place + 1:] == word[place + 1:])
        return found


class Lexicons:
    """The Chinese words of a view's segments (matching.View), kept between requests."""

    def __init__(self):
        self._segments = {}          # segment id -> trie of its words and their frequencies
        self._combined = (None, None)

    def of(self, view):
        key = tuple(segment_id for _leaf, segment_id, _offset, _count in view.leaves)
        if self._combined[0] != key:
            self._segments = {s: t for s, t in self._segments.items() if s in key}
            for leaf, segment_id, _offset, _count in view.leaves:
                if segment_id not in self._segments:
                    self._segments[segment_id] = marisa_trie.RecordTrie("<I", _words_of(leaf).items())
            frequencies = {}
            for trie in self._segments.values():
                for word, (n,) in trie.items():
                    frequencies[word] = frequencies.get(word, 0) + n
            self._combined = (key, Lexicon(frequencies))
        return self._combined[1]


def _words_of(leaf):
    """{word: (documents,)} of one segment (a word in both fields counts the larger)."""
    words = {}
    for fieldname in FIELDS:
        if fieldname in leaf.schema:
            for text, info in leaf.iter_field(fieldname):
                text = text.decode("utf-8") if isinstance(text, bytes) else text
                if _CJK_WORD.match(text):
                    words[text] = (max(words.get(text, (0,))[0], info.doc_frequency()),)
    return words


def suggest(text, lexicon, count, total):
    """`text` with one Chinese word corrected, or None. `count(query)` is the number of
    practices a query finds; `total` what `text` found."""
    frequency = lexicon.frequency
    candidates = []
    for run in _CJK_RUN.finditer(text):
        chars = run.group()
        for length in LENGTHS:
            for start in range(len(chars) - length + 1):
                stretch = chars[start:start + length]
                if frequency(stretch):
                    continue
                for word in lexicon.one_character_apart(stretch):
                    candidates.append((length, frequency(word), run.start() + start, stretch, word))
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[4]))
    tried = set()
    for length, _frequency, at, _stretch, word in candidates:
        corrected = text[:at] + word + text[at + length:]
        if corrected in tried:
            continue
        tried.add(corrected)
        if count(corrected) > total:
            return corrected
        if len(tried) >= CANDIDATES_TRIED:
            break
    return None
