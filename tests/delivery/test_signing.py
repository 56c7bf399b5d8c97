"""Signatures: the byte-level protocol a native SDK must reproduce."""

from __future__ import annotations

import hashlib
import hmac

from miniport.delivery import signing
from miniport.delivery.signing import Algorithm


def test_signature_is_hmac_sha256_over_the_documented_lines() -> None:
    body = b'{"apps":["wx1"]}'
    expected_text = "\n".join(
        [
            "POST",
            "/sdk/v1/resolve",
            "",
            "1700000000",
            "abcdefgh12",
            hashlib.sha256(body).hexdigest(),
        ]
    )
    expected = hmac.new(b"s3cret", expected_text.encode(), hashlib.sha256).hexdigest()
    got = signing.sign("s3cret", "post", "/sdk/v1/resolve", "", "1700000000", "abcdefgh12", body)
    assert got == expected


def test_canonical_query_sorts_and_percent_encodes() -> None:
    raw = "b=2&a=hello world&a=%E4%B8%8A%E6%B5%B7&c="
    assert signing.canonical_query_from_raw(raw) == "a=%E4%B8%8A%E6%B5%B7&a=hello%20world&b=2&c="
    # Order and encoding of the client's query do not matter.
    assert signing.canonical_query_from_raw(
        "c=&b=2&a=hello+world&a=上海"
    ) == signing.canonical_query_from_raw(raw)


def test_any_change_breaks_the_signature() -> None:
    args = ("k", "GET", "/sdk/v1/updates", "", "1700000000", "nonce-123", b"")
    good = signing.sign(*args)
    assert signing.signatures_match(good, good.upper())
    for i, changed in enumerate(
        ["k2", "POST", "/sdk/v1/other", "a=1", "1700000001", "nonce-124", b"x"]
    ):
        altered = list(args)
        altered[i] = changed
        assert not signing.signatures_match(signing.sign(*altered), good)


def test_sm3_matches_the_standard_test_vector_and_differs_from_sha256() -> None:
    # GB/T 32905-2016 example 1: SM3("abc").
    assert signing.body_hash(b"abc", Algorithm.HMAC_SM3) == (
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    )
    sm3 = signing.sign("s", "GET", "/p", "", "1", "nonce-123", b"", Algorithm.HMAC_SM3)
    sha = signing.sign("s", "GET", "/p", "", "1", "nonce-123", b"")
    assert len(sm3) == 64 and sm3 != sha


def test_algorithm_header_parsing() -> None:
    assert signing.parse_algorithm(None) is Algorithm.HMAC_SHA256
    assert signing.parse_algorithm("hmac-sm3") is Algorithm.HMAC_SM3
    assert signing.parse_algorithm("HMAC-MD5") is None


def test_nonce_format() -> None:
    assert signing.nonce_is_well_formed("a1b2c3d4")
    assert not signing.nonce_is_well_formed("short")
    assert not signing.nonce_is_well_formed("has space in it")
    assert not signing.nonce_is_well_formed("x" * 65)
