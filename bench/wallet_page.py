"""The wallet page with 50 and with 500 credentials: server time, its ratio, SQL queries; the
share page's queries.

Fills the demo learner's wallet to 50, then to 500 credentials (signed by a demo issuer on its
own status lists, imported through the real path), timing ``GET /wallet`` with the test client
at each size (median of 20, no network) and counting the SQL statements it sends; also counts
those of the employer's page for a share of 5 credentials. Prints figures only.

    .venv/bin/python bench/wallet_page.py
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench_app import counting_queries
from bench_app import demo_learner
from bench_app import new_bench_app
from bench_app import share_demo_credentials
from import_rate import sign_credentials

from wallet.models import StoredCredential
from wallet.my_credentials.store import import_tokens
from wallet.platform.extensions import db

WALLET_SIZES = (50, 500)  # the same wallet measured at each size, in one run
TIMED_VIEWS = 20


def fill_wallet(app, size: int) -> int:
    """Import credentials until the demo learner's wallet holds ``size``."""
    with app.app_context():
        learner = demo_learner()
        have = db.session.scalar(
            db.select(db.func.count(StoredCredential.id)).filter_by(owner_id=learner.id)
        )
        tokens, _ = sign_credentials(size - have, with_status=True)
        import_tokens(learner, tokens)
        return have + len(tokens)


def logged_in_client(app):
    """A test client with the demo learner's session, as Flask-Login keeps it."""
    client = app.test_client()
    with app.app_context():
        user_id = demo_learner().get_id()
    with client.session_transaction() as session:
        session["_user_id"], session["_fresh"] = user_id, True
    return client


def queries_of(app, client, url: str) -> int:
    with counting_queries(app) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def median_view(client) -> tuple[float, float, bytes]:
    """Median and minimum server time of ``GET /wallet`` in ms, and the page."""
    client.get("/wallet")  # templates compiled, caches warm
    samples = []
    for _ in range(TIMED_VIEWS):
        started = time.perf_counter()
        response = client.get("/wallet")
        samples.append((time.perf_counter() - started) * 1000)
    assert response.status_code == 200
    return statistics.median(samples), min(samples), response.data


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        app = new_bench_app(Path(folder))
        client = logged_in_client(app)
        medians = {}
        for wanted in WALLET_SIZES:
            size = fill_wallet(app, wanted)
            medians[size], fastest, page = median_view(client)
            print(
                f"GET /wallet, {size} credentials: median {medians[size]:.1f} ms"
                f" of {TIMED_VIEWS} (min {fastest:.1f}), page {len(page) // 1024} KB,"
                f" {queries_of(app, client, '/wallet')} SQL queries"
            )
        small, large = min(medians), max(medians)
        print(f"  {large} credentials against {small}: {medians[large] / medians[small]:.2f}x"
              " the server time (aim: at most 2x)")
        employer = app.test_client()
        # The first answer sends the employer to the address of their visit (a view's ticket).
        visit = employer.get(f"/v/{share_demo_credentials(app, 5, max_views=None)}")
        page = visit.headers["Location"]
        print(f"GET /v/<token>, share of 5 credentials: {queries_of(app, employer, page)} SQL"
              " statements (the same for 1 or 5: tests/portal/test_query_counts.py)")
        with app.app_context():
            db.engine.dispose()


if __name__ == "__main__":
    main()
