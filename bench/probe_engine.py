#!/usr/bin/env python3
"""In-process timings of the portal's own search engine layer (search_index.searcher.Searcher,
as portal/search/service.py hands it out), without HTTP, Flask views or SQL row loading.
Run by run_search_bench.py with the benchmark instance's environment:

    .venv/bin/python bench/probe_engine.py SPEC.json OUT.json

SPEC: {"queries": [{"key", "q", "filters"}], "runs": 100, "case_seconds": 120,
       "profile": {"engine": "<query key>", "api_path": "/api/v1/practices?q=..."},
       "profile_dir": "/tmp/bench/N"}
For each query: `runs` calls with with_facets=False (ranked page of 20 + exact total) and
`runs` calls with with_facets=True (the same + every facet count, as the API and the page
compute them). Optionally cProfiles one engine query and one API request (Flask test client).
"""
import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)


def percentile(values, p):
    ordered = sorted(values)
    if not ordered:
        return None
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn, runs, seconds):
    samples, deadline = [], time.monotonic() + seconds
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        samples.append((time.perf_counter() - started) * 1000)
        if time.monotonic() > deadline:
            break
    return samples, result


def summary(samples):
    return {"n": len(samples), "p50": percentile(samples, 50), "p95": percentile(samples, 95),
            "mean": statistics.fmean(samples) if samples else None, "max": max(samples) if samples else None}


def profile_text(profiler, limit=25):
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def rss_mb():
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024


def main():
    spec_path, out_path = sys.argv[1], sys.argv[2]
    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    memory = [("Python started", rss_mb())]
    started = time.perf_counter()
    from portal.search import service
    from wsgi import app
    import_seconds = time.perf_counter() - started
    memory.append(("app imported (what gunicorn --preload shares)", rss_mb()))
    from search_index.chinese_dictionary import load
    load()
    memory.append(("+ jieba's dictionary as jieba keeps it (a dict)", rss_mb()))
    load(compact=True)   # what gunicorn's master does before forking (gunicorn.conf.py)
    memory.append(("… swapped for its compact form, as gunicorn's master does", rss_mb()))
    results = {"import_seconds": import_seconds, "queries": {}, "memory": memory}
    from whoosh.query import And, Term
    with app.app_context():
        searcher = service.searcher()
        opened = time.perf_counter()
        searcher.search("library", per_page=20, with_facets=False)   # opens the index, loads jieba
        results["first_search_seconds"] = time.perf_counter() - opened
        memory.append(("+ index opened, first search", rss_mb()))
        searcher.search("library", per_page=20, with_facets=True)
        memory.append(("+ first search with facet counts (facet columns cached)", rss_mb()))
        whoosh_searcher = searcher.whoosh_searcher()
        reader = whoosh_searcher.reader()
        results["doc_count"] = reader.doc_count()
        results["segments"] = len(list(reader.leaf_readers()))
        for query in spec["queries"]:
            q, filters = query["q"], query.get("filters") or {}
            row = {}
            # The number of matching practices counted independently of the collector (the
            # same parsed query, filter as a conjunction), to check the total the portal shows.
            parsed = searcher.parse(q) if q else None
            if parsed is not None:
                conditions = [parsed, Term("type", "practice")] + [Term(k, str(v)) for k, v in filters.items()]
                row["exact_hits"] = sum(1 for _ in whoosh_searcher.docs_for_query(And(conditions)))
                row["parsed"] = str(parsed)
            for label, facets in (("no_facets", False), ("facets", True)):
                def call(q=q, filters=filters, facets=facets):
                    return searcher.search(q, filters=filters, per_page=20, with_facets=facets)
                for _ in range(3):   # warm: columns cached, analyzers loaded
                    call()
                samples, found = timed(call, spec["runs"], spec["case_seconds"])
                row[label] = summary(samples)
                row["hits"] = found.total
            results["queries"][query["key"]] = row
            if row.get("exact_hits") is not None and row["exact_hits"] != row["hits"]:
                print(f"engine {query['key']}: the total says {row['hits']}, {row['exact_hits']} documents match",
                      file=sys.stderr, flush=True)
            print(f"engine {query['key']}: {row['no_facets']['p50']:.1f} / {row['facets']['p50']:.1f} ms "
                  f"(hits {row['hits']})", file=sys.stderr, flush=True)
        memory.append(("after all the queries", rss_mb()))
        profile = spec.get("profile") or {}
        if profile.get("engine"):
            query = next(q for q in spec["queries"] if q["key"] == profile["engine"])
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(20):
                searcher.search(query["q"], filters=query.get("filters") or {}, per_page=20, with_facets=True)
            profiler.disable()
            path = os.path.join(spec["profile_dir"], f"profile-engine-{query['key']}.txt")
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(profile_text(profiler))
            results["profile_engine"] = path
    if profile.get("api_path"):
        client = app.test_client()
        for _ in range(3):
            client.get(profile["api_path"])
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            response = client.get(profile["api_path"])
            assert response.status_code == 200, response.status_code
        profiler.disable()
        path = os.path.join(spec["profile_dir"], "profile-api.txt")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(profile_text(profiler))
        results["profile_api"] = path
        results["profile_api_top"] = _top_functions(profiler)
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)


def _top_functions(profiler, requests=20, limit=10):
    """The portal's own functions by cumulative time, then the library functions with the most
    own time: [(function, cumulative ms per request, own ms per request)]."""
    stats = pstats.Stats(profiler)
    ours, others = [], []
    for (filename, line, name), (_cc, nc, tt, ct, _callers) in stats.stats.items():
        local = filename.startswith(ROOT) and "/.venv/" not in filename
        label = (os.path.relpath(filename, ROOT) if local else
                 filename.split("site-packages/")[-1] if "site-packages/" in filename else os.path.basename(filename))
        row = {"function": f"{label}:{line}({name})", "cumulative_ms": ct / requests * 1000,
               "own_ms": tt / requests * 1000, "calls_per_request": nc / requests}
        (ours if local else others).append(row)
    ours.sort(key=lambda r: -r["cumulative_ms"])
    others.sort(key=lambda r: -r["own_ms"])
    return ours[:limit] + others[:limit]


if __name__ == "__main__":
    main()
