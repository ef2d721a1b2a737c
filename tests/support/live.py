"""The app served on a free loopback port in a thread, for tests that need real HTTP."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Iterator

from flask import Flask
from werkzeug.serving import make_server


@contextlib.contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve ``app`` until the block ends; yields its base URL (http://127.0.0.1:PORT)."""
    server = make_server("127.0.0.1", 0, _closing_every_response(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


def _closing_every_response(app: Flask) -> Callable:
    """Werkzeug's server leaves a response unclosed when the browser drops the connection (a
    page closed while an icon is still on its way): the static file is then closed only by the
    garbage collector, whose ResourceWarning pytest reports as a failure of whatever test runs
    at that moment. Here the response is closed when the server lets go of it, dropped or not."""

    def wsgi(environ: dict, start_response: Callable) -> Iterable[bytes]:
        body = app(environ, start_response)
        try:
            yield from body
        finally:
            if hasattr(body, "close"):
                body.close()

    return wsgi
