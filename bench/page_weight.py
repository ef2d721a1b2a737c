"""Page weight of the employer's page for a share of 5 credentials, against a 30 KB budget.

Builds a throwaway app (temporary database, demo issuers and learner), shares 5 credentials,
fetches ``/v/<token>`` and every same-origin resource it references (stylesheets, images,
scripts, and ``url(...)`` inside the CSS), and prints raw and gzip sizes. Then times page
views with the signature cache cold and warm. A benchmark that prints figures, not a test.

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import gzip
import html.parser
import re
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from bench_app import new_bench_app
from bench_app import share_demo_credentials

from wallet.platform import caches
from wallet.platform.extensions import db
from wallet.portal import page_cache

BUDGET_BYTES = 30 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SHARED = 5
TIMED_VIEWS = 50


class References(html.parser.HTMLParser):
    """The URLs a browser fetches while loading the page (not the ones a reader may follow)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts += 1
        loads = (tag in ("img", "script", "source") and attrs.get("src")) or (
            tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href")
        )
        if loads:
            self.urls.append(loads)


def same_origin(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return not parts.scheme and not parts.netloc


def fetch_all(client, link: str) -> tuple[str, list[tuple[str, bytes]]]:
    """Open the link as an employer does: its answer sends the browser on to the page of this
    visit, which loads every same-origin resource once. Returns the visit's page URL and all
    that was fetched."""
    opened = client.get(link)
    assert opened.status_code == 303, opened.status_code
    page_url = urllib.parse.urlsplit(opened.headers["Location"])
    page_url = f"{page_url.path}?{page_url.query}"
    page = client.get(page_url)
    assert page.status_code == 200, page.status_code
    fetched = [(link, opened.data), (page_url, page.data)]
    parser = References()
    parser.feed(page.get_data(as_text=True))
    queue = [url for url in parser.urls if same_origin(url)]
    while queue:
        url = queue.pop(0)
        if any(url == seen for seen, _ in fetched):
            continue
        body = client.get(url).data
        fetched.append((url, body))
        if url.endswith(".css"):
            found = re.findall(r"url\(\s*['\"]?([^'\")]+)", body.decode("utf-8", "replace"))
            queue += [urllib.parse.urljoin(url, ref) for ref in found if same_origin(ref)]
    external = [url for url in parser.urls if not same_origin(url)]
    print(f"scripts on the page: {parser.scripts}; resources from other hosts: {len(external)}")
    return page_url, fetched


def print_weight(fetched: list[tuple[str, bytes]]) -> None:
    """Sizes as sent: text gzipped, images (already compressed PNG) as they are."""
    print(f"{'resource':<44} {'raw B':>8} {'sent B':>8}")
    total_raw = total_sent = image_bytes = images = 0
    for url, body in fetched:
        is_image = body.startswith(PNG_SIGNATURE)
        sent = len(body) if is_image else len(gzip.compress(body, compresslevel=6))
        total_raw, total_sent = total_raw + len(body), total_sent + sent
        image_bytes, images = image_bytes + sent * is_image, images + is_image
        shown = re.sub(r"view=[^&]+", "view=<ticket>", re.sub(r"/v/[^/?]+", "/v/<token>", url))
        print(f"{shown:<44} {len(body):>8} {sent:>8}")
    print(f"{'total':<44} {total_raw:>8} {total_sent:>8}")
    print(f"requests: {len(fetched)}, of which {images} images ({image_bytes} B)")
    print(
        f"sent in all {total_sent / 1024:.1f} KB against a {BUDGET_BYTES // 1024} KB budget:"
        f" ratio {total_sent / BUDGET_BYTES:.2f}; without the credentials' images"
        f" {(total_sent - image_bytes) / 1024:.1f} KB"
    )


def time_views(app, client, page_url: str) -> None:
    """Median page time with nothing kept, with the signatures kept, and with the page kept."""

    def median_ms(forget) -> float:
        samples = []
        for _ in range(TIMED_VIEWS):
            forget()
            started = time.perf_counter()
            client.get(page_url)
            samples.append((time.perf_counter() - started) * 1000)
        return statistics.median(samples)

    kept_results = caches.of(app)
    cold = median_ms(kept_results.clear)
    rendered = median_ms(lambda: kept_results.clear(page_cache.PAGES))
    kept = median_ms(lambda: None)
    print(
        f"page view, {SHARED} credentials, median of {TIMED_VIEWS}: nothing kept {cold:.1f} ms,"
        f" signatures and facts kept {rendered:.1f} ms, page kept (same minute) {kept:.1f} ms"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = new_bench_app(Path(folder))
        message = "Till tjänsten som drifttekniker, ansökan stänger 30 maj."
        link = f"/v/{share_demo_credentials(app, SHARED, message=message, language='sv')}"
        client = app.test_client()
        page_url, fetched = fetch_all(client, link)
        print_weight(fetched)
        time_views(app, client, page_url)
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
