"""``flask trust``: the operator's commands for the issuer registry."""

from __future__ import annotations

from wallet.registry import trust


def trusted_now(app):
    with app.test_request_context():
        return trust.current_trust_list()


def test_trust_add_list_remove(runner, app):
    added = runner.invoke(args=["trust", "add", "did:web:example.se", "--name", "Example AB"])
    assert added.exit_code == 0, added.output
    assert "did:web:example.se\tExample AB\tSE\tactive" in runner.invoke(args=["trust", "list"]).output
    assert trusted_now(app).get("did:web:example.se").name == "Example AB"
    removed = runner.invoke(args=["trust", "remove", "did:web:example.se"])
    assert removed.exit_code == 0
    assert "did:web:example.se\tExample AB\tSE\tremoved" in runner.invoke(args=["trust", "list"]).output
    assert "did:web:example.se" not in trusted_now(app)


def test_removing_an_unknown_issuer_says_so(runner):
    result = runner.invoke(args=["trust", "remove", "did:web:nobody.example"])
    assert result.exit_code != 0
    assert "Not on the trust list" in result.output
