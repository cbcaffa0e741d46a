"""Full-text search with Whoosh: the only package that imports whoosh.

- `analyzers.py`: English stemming, Chinese segmentation (jieba)
- `chinese_dictionary.py`: jieba's dictionary, and its compact form for web workers
- `schema.py`: the fields of a search document
- `storage.py`: where the index lives, opening it, and swapping in a rebuilt one
- `indexer.py`: writing documents (update or delete), under the writer lock with a timeout
- `searcher.py`: query → ranked ids, totals, facet counts, spelling suggestions
- `engine_internals.py`: every use of Whoosh's and jieba's private names, and the start-up
  check that the installed versions are the ones it was written for (docs/search-engine.md)
"""
