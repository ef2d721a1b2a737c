"""What one employer's view costs the database: the opening that counts it is one UPDATE, and
the visit's page one SELECT (the link, its owner, its credentials and the registry's version).

On PostgreSQL no statement runs in a transaction of its own (no BEGIN before it, no COMMIT or
ROLLBACK after it), so each is a single round trip; SQLite begins each with BEGIN (its locking:
``wallet/platform/database.py``). With rate limits on, as here and in production, the opening is
preceded by the limits' look-up of the link (``wallet/portal/limits.py``).
"""

from __future__ import annotations

from support.queries import counting_queries
from support.sharing import employer_path
from support.sharing import make_share


def first_word_and_autocommit(connection, statement: str) -> tuple[str, bool]:
    """The statement's first word, and whether the driver sent it in autocommit."""
    autocommit = getattr(connection.connection.driver_connection, "autocommit", None) is True
    return statement.split()[0], autocommit


def test_a_view_is_one_update_and_its_page_one_select(app, user, csrf_token, two):
    share_id = make_share(user.client, csrf_token, list(two))
    link = employer_path(user.client, share_id)
    employer = app.test_client()
    employer.get(link, follow_redirects=True)  # the trust list is built once per process
    with counting_queries(app, first_word_and_autocommit) as opening:
        visit = employer.get(link)
    with counting_queries(app, first_word_and_autocommit) as page:
        assert employer.get(visit.headers["Location"]).status_code == 200
    assert visit.status_code == 303
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        assert [word for word, _ in opening] == ["BEGIN", "SELECT", "BEGIN", "UPDATE"]
        assert [word for word, _ in page] == ["BEGIN", "SELECT"]
    else:
        assert opening == [("SELECT", True), ("UPDATE", True)]
        assert page == [("SELECT", True)]
