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


def test_the_vectors_in_the_host_protocol_document_hold() -> None:
    body = (
        b'{"appids":["mp0123456789abcdef"],"user":{"id":"u-1001","city":"Shanghai"},'
        b'"device":{"os":"android","os_version":"14"}}'
    )
    args = (
        "mps_example-secret",
        "POST",
        "/sdk/v1/resolve",
        "",
        "1764403200",
        "4f3c2a1b9e8d7c6a",
        body,
    )
    assert (
        signing.body_hash(body)
        == "f9e64f53cf117b5d0790b87cc205685e39277a308fdfad60c499e950e30417d4"
    )
    assert signing.sign(*args) == "04534a40f13312fb06adcaeb983054dc4bf8f7e102de80c4d9eeb8ca703d7d80"
    assert signing.body_hash(body, Algorithm.HMAC_SM3) == (
        "c27f65ff4b45cac9cb4960a028f4ee018e41536c44d83c547020a6e185e1e3b9"
    )
    assert signing.sign(*args, Algorithm.HMAC_SM3) == (
        "2fe0e8414818bcac6d4d9dc5a0a40b8ae8b24f4c55fd40261ee3f1d131309405"
    )
    assert (
        signing.canonical_query_from_raw("appids=mp2,mp1&lang=zh CN&city=上海")
        == "appids=mp2%2Cmp1&city=%E4%B8%8A%E6%B5%B7&lang=zh%20CN"
    )
    query = signing.canonical_query_from_raw("b=1&a=x%20y")
    assert query == "a=x%20y&b=1"
    assert signing.sign(
        "mps_example-secret", "GET", "/sdk/v1/updates", query, "1764403200", "nonce-0001", b""
    ) == ("eba429369d00e6e5c424ddc648d3aa86becc871fb4c54600c5598d9ee90c8022")
