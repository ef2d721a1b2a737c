"""TrustList: the file format, immutability, and atomic saving."""

from __future__ import annotations

import json

import pytest

from wallet.credentials import CredentialError
from wallet.credentials import TrustedIssuer
from wallet.credentials import TrustList

SKELLEFTEA = TrustedIssuer(
    id="did:web:kompetens.skelleftea.se",
    name="Skellefteå kommun",
    organisation="Kompetenscentrum Skellefteå",
    country="SE",
    homepage="https://skelleftea.se",
    logo="https://skelleftea.se/logo.png",
)
UMEA = TrustedIssuer(id="did:key:z6MkumeaUniversitet", name="Umeå universitet")


def test_round_trip_through_a_file(tmp_path):
    path = tmp_path / "trust-list.json"
    TrustList([SKELLEFTEA, UMEA]).save(path)
    assert TrustList.load(path) == TrustList([SKELLEFTEA, UMEA])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["issuers"][UMEA.id] == {"name": "Umeå universitet"}
    assert data["issuers"][SKELLEFTEA.id]["country"] == "SE"


def test_missing_file_is_an_empty_list(tmp_path):
    trust = TrustList.load(tmp_path / "saknas.json")
    assert len(trust) == 0 and trust.get(UMEA.id) is None


def test_get_matches_the_exact_id_only():
    trust = TrustList([SKELLEFTEA])
    assert trust.get(SKELLEFTEA.id) is SKELLEFTEA
    assert trust.get(SKELLEFTEA.id + ":evil") is None
    assert trust.get("did:web:kompetens.skelleftea") is None


def test_changes_return_new_lists_and_leave_the_original_alone():
    original = TrustList([SKELLEFTEA])
    added = original.with_issuer(UMEA)
    removed = added.without(SKELLEFTEA.id)
    assert [i.id for i in original] == [SKELLEFTEA.id]
    assert [i.id for i in added] == [SKELLEFTEA.id, UMEA.id]
    assert [i.id for i in removed] == [UMEA.id]


def test_with_issuer_replaces_an_existing_entry():
    renamed = TrustedIssuer(id=UMEA.id, name="Umeå universitet (UmU)")
    trust = TrustList([UMEA]).with_issuer(renamed)
    assert len(trust) == 1 and trust.get(UMEA.id).name == "Umeå universitet (UmU)"


def test_iterates_over_trusted_issuers_and_supports_in():
    trust = TrustList([SKELLEFTEA, UMEA])
    assert list(trust) == [SKELLEFTEA, UMEA]
    assert UMEA.id in trust and "did:example:x" not in trust


def test_save_replaces_atomically_and_leaves_no_temporary_files(tmp_path):
    path = tmp_path / "config" / "trust-list.json"
    TrustList([SKELLEFTEA]).save(path)
    TrustList([UMEA]).save(path)
    assert list(TrustList.load(path)) == [UMEA]
    assert [p.name for p in path.parent.iterdir()] == ["trust-list.json"]


def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "trust-list.json"
    TrustList([SKELLEFTEA]).save(path)

    def broken_replace(source, target):
        raise OSError("disk full")

    monkeypatch.setattr("os.replace", broken_replace)
    with pytest.raises(OSError):
        TrustList([UMEA]).save(path)
    monkeypatch.undo()
    assert list(TrustList.load(path)) == [SKELLEFTEA]
    assert [p.name for p in tmp_path.iterdir()] == ["trust-list.json"]


@pytest.mark.parametrize(
    "content",
    [
        b"not json",
        b"[]",
        b'{"issuers": []}',
        b'{"issuers": {"did:web:a": "Skellefte\xc3\xa5"}}',
        b'{"issuers": {"did:web:a": {"organisation": "utan namn"}}}',
        b'{"issuers": {"did:web:a": {"name": "A", "country": 46}}}',
        b'{"issuers": {"did:web:a": {"name": "A"}, "did:web:a": {"name": "B"}}}',
        b'{"issuers": {"": {"name": "tomt id"}}}',
    ],
)
def test_malformed_file(tmp_path, content):
    path = tmp_path / "trust-list.json"
    path.write_bytes(content)
    with pytest.raises(CredentialError) as raised:
        TrustList.load(path)
    assert raised.value.code == "trust.malformed"


def test_from_dict_accepts_the_documented_format():
    data = {"issuers": {SKELLEFTEA.id: {"name": SKELLEFTEA.name, "country": "SE"}}}
    assert TrustList.from_dict(data).get(SKELLEFTEA.id).country == "SE"
    assert TrustList.from_dict(TrustList([SKELLEFTEA]).to_dict()) == TrustList([SKELLEFTEA])
