"""Replay store and browser session tokens."""

from __future__ import annotations

import uuid

import pytest

from miniport.delivery.nonces import MemoryNonceStore, RedisNonceStore
from miniport.delivery.tokens import SessionClaims, SessionTokens, TokenError


def test_memory_store_refuses_a_nonce_until_it_expires() -> None:
    now = [1000.0]
    store = MemoryNonceStore(ttl=125, clock=lambda: now[0])
    assert store.claim("key1", "nonce-aaaa")
    assert not store.claim("key1", "nonce-aaaa")
    assert store.claim("key2", "nonce-aaaa")  # nonces are per key
    now[0] += 126
    assert store.claim("key1", "nonce-aaaa")


def test_memory_store_is_bounded() -> None:
    store = MemoryNonceStore(max_entries=3)
    for i in range(10):
        assert store.claim("k", f"nonce-{i:04d}")
    assert len(store._seen) <= 3


def test_redis_store_is_shared_between_instances(redis_url: str) -> None:
    nonce = uuid.uuid4().hex
    a, b = RedisNonceStore(redis_url), RedisNonceStore(redis_url)
    assert a.claim("key", nonce)
    assert not b.claim("key", nonce)


def test_token_round_trip_carries_user_and_device() -> None:
    tokens = SessionTokens("server-secret")
    claims = SessionClaims("7", "u-42", {"city": "Shanghai"}, {"os": "android"}, expires_at=2000)
    token = tokens.issue(claims)
    assert tokens.check(token, now=1000) == claims


def test_expired_forged_and_foreign_tokens_are_refused() -> None:
    tokens = SessionTokens("server-secret")
    token = tokens.issue(SessionClaims("7", "u-42", expires_at=2000))
    with pytest.raises(TokenError) as err:
        tokens.check(token, now=2000)
    assert err.value.code == "expired_token"
    with pytest.raises(TokenError) as err:
        SessionTokens("other-secret").check(token, now=1000)
    assert err.value.code == "bad_token"
    tampered = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    with pytest.raises(TokenError):
        tokens.check(tampered, now=1000)
