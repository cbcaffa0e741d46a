"""gunicorn settings for serving the portal (`make serve`; read by gunicorn from this folder).

Serving with gunicorn is production unless PORTAL_ENV says otherwise, so the portal refuses to
start without a SECRET_KEY of its own (portal/config.py).

Workers are threaded (gthread): a connection that sends nothing waits in the worker's poller,
and one that sends its headers slowly ties up one thread, not the whole worker, so a few slow
clients cannot stop the site. Many slow clients can still exhaust the threads: production puts
a buffering proxy in front (docs/deploy.md, docs/deploy/nginx.conf), which reads each request
whole before passing it on.

Preloading imports the app once in the master; loading the Chinese dictionary there too, in its
compact form (search_index/chinese_dictionary.py), lets the forked workers share one small copy
instead of each loading its own."""
import os

os.environ.setdefault("PORTAL_ENV", "production")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:5000")
# One worker when the deployment says it is a single process (PORTAL_SINGLE_PROCESS=1, rate
# limits counted in memory: portal/config.py); two otherwise.
workers = int(os.environ.get("WEB_CONCURRENCY",
                             "1" if os.environ.get("PORTAL_SINGLE_PROCESS") in ("1", "true", "yes") else "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
preload_app = True


def on_starting(server):
    from search_index.analyzers import load_chinese_dictionary
    load_chinese_dictionary(compact=True)


def post_fork(server, worker):
    """Each worker opens the index and reads its columns before taking requests."""
    from portal.search.service import searcher
    from wsgi import app
    with app.app_context():
        try:
            searcher().warm()
        except Exception as error:   # no index yet: the first search opens it
            server.log.warning("search index not warmed: %s", error)
    _release_freed_memory()


def _release_freed_memory():
    """Hand the heap that numpy's temporary arrays freed back to the system (glibc keeps it
    otherwise, and a worker's resident memory creeps up by tens of MB at 100 000 practices)."""
    import ctypes
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):   # not glibc
        pass


def post_request(worker, req, environ, resp):
    _release_freed_memory()
