"""Evaluating a parsed query over posting lists held as arrays.

Whoosh stores and analyses; walking its posting lists document by document in Python is
what made multi-word, phrase and facet queries slow (hundreds of milliseconds at 10 000
practices). Here each term's postings are read once, block by block, into numpy arrays and
kept in a size-bounded cache per segment; a query then becomes a few vector operations over
one slot per document:

- a term gives the documents that contain it and their BM25 scores (Whoosh's formula,
  B=0.75, K1=1.2, same idf; field boosts are already in the stored weights);
- AND / OR / NOT / ANDNOT / ANDMAYBE combine those masks and add the scores, as Whoosh's
  matchers do;
- a phrase keeps the documents where the words stand next to each other, by comparing
  (document, position) keys of the words, shifted by their place in the phrase.

Query types this module does not know raise `Unsupported`; the caller then falls back to
Whoosh's own search, so no query is ever refused for being unusual.
"""
from collections import OrderedDict
from math import log

import numpy as np
from whoosh import query as wq
from whoosh.util.numeric import byte_to_length

from search_index import engine_internals

B, K1 = 0.75, 1.2
POSITION_BITS = 24   # (document << 24) | position; a field of 16 million words is far away
LENGTHS = np.array([byte_to_length(n) for n in range(256)], dtype=np.float32)


class Unsupported(Exception):
    """A query shape the array evaluation does not handle."""


class PostingCache:
    """Posting lists as arrays, per segment, least recently used dropped beyond a byte budget."""

    def __init__(self, budget_bytes):
        self.budget = budget_bytes
        self.used = 0
        self._entries = OrderedDict()

    def get(self, leaf, segment_id, fieldname, text, *, positions=False):
        key = (segment_id, fieldname, text, positions)
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
            return entry
        entry = _read_postings(leaf, fieldname, text, positions)
        size = sum(array.nbytes for array in entry if array is not None)
        self._entries[key] = entry
        self.used += size
        while self.used > self.budget and len(self._entries) > 1:
            _key, dropped = self._entries.popitem(last=False)
            self.used -= sum(array.nbytes for array in dropped if array is not None)
        return entry

    def keep_segments(self, live):
        for key in [key for key in self._entries if key[0] not in live]:
            dropped = self._entries.pop(key)
            self.used -= sum(array.nbytes for array in dropped if array is not None)


_EMPTY = (np.zeros(0, np.int32), np.zeros(0, np.float32), None)


def _read_postings(leaf, fieldname, text, positions):
    """(document numbers, weights, position keys or None) of a term in one segment."""
    btext = text if isinstance(text, bytes) else text.encode("utf-8")
    if (fieldname, btext) not in leaf:
        return _EMPTY if not positions else (_EMPTY[0], _EMPTY[1], np.zeros(0, np.int64))
    ids, weights, keys = [], [], []
    decode = leaf.schema[fieldname].format.decode_positions if positions else None
    for block_ids, block_weights, values in engine_internals.posting_blocks(leaf, fieldname, btext,
                                                                             positions=positions):
        ids.append(np.asarray(block_ids, dtype=np.int32))
        weights.append(np.asarray(block_weights, dtype=np.float32))
        if positions:
            for docnum, value in zip(block_ids, values, strict=True):
                base = docnum << POSITION_BITS
                keys.extend(base + p for p in decode(value))
    return (np.concatenate(ids) if ids else _EMPTY[0],
            np.concatenate(weights) if weights else _EMPTY[1],
            np.asarray(keys, dtype=np.int64) if positions else None)


class View:
    """One searcher's segments laid end to end: global document numbers, the live documents,
    field lengths, and access to the cached postings."""

    def __init__(self, searcher, cache, lengths):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.cache = cache
        self.leaves = []   # (leaf reader, segment id, offset, document count)
        alive = []
        for leaf, offset in self.reader.leaf_readers():
            count = leaf.doc_count_all()
            segment = getattr(leaf, "segment", lambda: None)()   # None in an empty index
            segment_id = segment.segment_id() if segment is not None else id(leaf)
            self.leaves.append((leaf, segment_id, offset, count))
            live = np.ones(count, dtype=bool)
            deleted = getattr(leaf, "deleted_docs_set", None) if leaf.has_deletions() else None
            if deleted:
                live[np.fromiter(deleted, dtype=np.int64)] = False
            alive.append(live)
        self.size = sum(count for *_rest, count in self.leaves)
        self.alive = np.concatenate(alive) if alive else np.zeros(0, dtype=bool)
        self.doc_count_all = self.reader.doc_count_all()
        self._lengths_bytes = lengths   # (segment id, field name) -> bytes
        self._lengths = {}
        self._average = {}
        self._idf = {}

    # -- per field ---------------------------------------------------------------------------------

    def lengths(self, fieldname):
        if fieldname not in self._lengths:
            parts = []
            for _leaf, segment_id, _offset, count in self.leaves:
                raw = self._lengths_bytes.get((segment_id, fieldname))
                parts.append(LENGTHS[np.frombuffer(raw, dtype=np.uint8)] if raw is not None
                             else np.ones(count, dtype=np.float32))
            self._lengths[fieldname] = np.concatenate(parts) if parts else np.zeros(0, np.float32)
        return self._lengths[fieldname]

    def average_length(self, fieldname):
        if fieldname not in self._average:
            self._average[fieldname] = (self.reader.field_length(fieldname) / (self.doc_count_all or 1)) or 1.0
        return self._average[fieldname]

    def idf(self, fieldname, text):
        key = (fieldname, text)
        if key not in self._idf:
            self._idf[key] = log(self.doc_count_all / (self.reader.doc_frequency(fieldname, text) + 1)) + 1
        return self._idf[key]

    # -- per term ----------------------------------------------------------------------------------

    def postings(self, fieldname, text, *, positions=False):
        """Global document numbers, weights (and position keys) of a term, all segments."""
        ids, weights, keys = [], [], []
        for leaf, segment_id, offset, _count in self.leaves:
            local_ids, local_weights, local_keys = self.cache.get(
                leaf, segment_id, fieldname, text, positions=positions)
            if len(local_ids):
                ids.append(local_ids + offset if offset else local_ids)
                weights.append(local_weights)
                if positions:
                    keys.append(local_keys + (offset << POSITION_BITS) if offset else local_keys)
        if not ids:
            return _EMPTY[0], _EMPTY[1], (np.zeros(0, np.int64) if positions else None)
        join = (lambda parts: parts[0]) if len(ids) == 1 else np.concatenate
        return join(ids), join(weights), (join(keys) if positions else None)

    def term_mask(self, fieldname, text):
        mask = np.zeros(self.size, dtype=bool)
        mask[self.postings(fieldname, text)[0]] = True
        return mask


def evaluate(view, node):
    """(mask of matching documents, their scores) for a parsed Whoosh query."""
    if isinstance(node, wq.Term):
        return _term(view, node)
    if isinstance(node, wq.Phrase):
        return _phrase(view, node)
    if isinstance(node, wq.Every):
        return view.alive.copy(), np.zeros(view.size, dtype=np.float32)
    if node is wq.NullQuery or isinstance(node, type(wq.NullQuery)):
        return np.zeros(view.size, dtype=bool), np.zeros(view.size, dtype=np.float32)
    if isinstance(node, wq.Not):
        mask, _scores = evaluate(view, node.query)
        # Whoosh gives every document a NOT clause admits a score of 1 (times its boost).
        return ~mask, (~mask).astype(np.float32) * node.boost
    if isinstance(node, wq.AndNot):
        mask, scores = evaluate(view, node.a)
        excluded, _ = evaluate(view, node.b)
        mask &= ~excluded
        return mask, scores * mask
    if isinstance(node, wq.AndMaybe):
        mask, scores = evaluate(view, node.a)
        _maybe, extra = evaluate(view, node.b)
        return mask, (scores + extra) * mask
    if type(node) in (wq.And, wq.Or):
        parts = [evaluate(view, child) for child in node.subqueries]
        if not parts:
            return np.zeros(view.size, dtype=bool), np.zeros(view.size, dtype=np.float32)
        mask, scores = parts[0]
        for child_mask, child_scores in parts[1:]:
            if type(node) is wq.And:
                mask &= child_mask
            else:
                mask |= child_mask
            scores += child_scores
        if type(node) is wq.And:
            scores *= mask
        return mask, scores
    raise Unsupported(type(node).__name__)


def _term(view, node):
    ids, weights, _ = view.postings(node.fieldname, node.text)
    mask = np.zeros(view.size, dtype=bool)
    scores = np.zeros(view.size, dtype=np.float32)
    if len(ids):
        mask[ids] = True
        scores[ids] = _bm25(view, node.fieldname, node.text, ids, weights) * node.boost
    return mask, scores


def _bm25(view, fieldname, text, ids, weights):
    lengths = view.lengths(fieldname)[ids]
    norm = K1 * ((1 - B) + B * lengths / view.average_length(fieldname))
    return view.idf(fieldname, text) * (weights * (K1 + 1)) / (weights + norm)


def _phrase(view, node):
    if node.slop != 1 or not node.words:
        raise Unsupported("phrase with slop")
    mask = np.ones(view.size, dtype=bool)
    scores = np.zeros(view.size, dtype=np.float32)
    words = []
    for word in node.words:
        ids, weights, keys = view.postings(node.fieldname, word, positions=True)
        present = np.zeros(view.size, dtype=bool)
        present[ids] = True
        mask &= present
        if len(ids):
            scores[ids] += _bm25(view, node.fieldname, word, ids, weights)
        words.append(keys)
    if len(words) > 1 and mask.any():
        # Keep (document, position) pairs of the first word whose next words follow it.
        starts = words[0][mask[words[0] >> POSITION_BITS]]
        for place, keys in enumerate(words[1:], start=1):
            if not len(starts):
                break
            keys = keys[mask[keys >> POSITION_BITS]]
            starts = starts[np.isin(starts, keys - place, assume_unique=True)]
        mask = np.zeros(view.size, dtype=bool)
        mask[starts >> POSITION_BITS] = True
    return mask, scores * mask * node.boost
