"""Request bodies of `/sdk/v1`: strict, so a malformed context is a 422 naming the field.

Unknown fields are refused rather than ignored: a host sending `user.ciy` would
otherwise silently miss every city rule.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from miniport.delivery.rules import CUSTOM_PREFIX

_Strict = ConfigDict(extra="forbid", str_strip_whitespace=True)
ShortText = Field(default=None, min_length=1, max_length=128)
CustomValue = str | int | float | bool


class UserContext(BaseModel):
    model_config = _Strict
    id: str | None = Field(default=None, min_length=1, max_length=128)
    city: str | None = ShortText
    gender: str | None = Field(default=None, min_length=1, max_length=32)
    age: int | None = Field(default=None, ge=0, le=150)
    custom: dict[str, CustomValue] = Field(default_factory=dict, max_length=50)


class DeviceContext(BaseModel):
    model_config = _Strict
    id: str | None = ShortText
    os: str | None = Field(default=None, min_length=1, max_length=32)
    os_version: str | None = Field(default=None, min_length=1, max_length=32)
    model: str | None = ShortText
    network: str | None = Field(default=None, min_length=1, max_length=16)


class VersionContext(BaseModel):
    model_config = _Strict
    version: str | None = Field(default=None, min_length=1, max_length=32)


class Context(BaseModel):
    """Who is asking: the same fields rules name (`user.city` is `user: {city}`)."""

    model_config = _Strict
    user: UserContext = Field(default_factory=UserContext)
    device: DeviceContext = Field(default_factory=DeviceContext)
    host: VersionContext = Field(default_factory=VersionContext)
    sdk: VersionContext = Field(default_factory=VersionContext)

    def flat(self) -> dict[str, Any]:
        """`field: value` as rules name them (see `rules.flatten_context`).

        Reads the models' attributes directly: this runs on every resolve, and
        `model_dump` would build four intermediate dicts first.
        """
        values: dict[str, Any] = {}
        for prefix, part in (
            ("user", self.user),
            ("device", self.device),
            ("host", self.host),
            ("sdk", self.sdk),
        ):
            for key, value in part.__dict__.items():
                if value is None:
                    continue
                if key == "custom":
                    for ckey, cvalue in value.items():
                        values[f"{CUSTOM_PREFIX}{ckey}"] = cvalue
                else:
                    values[f"{prefix}.{key}"] = value
        return values


class ResolveRequest(Context):
    appids: list[str] = Field(min_length=1, max_length=100)


class SessionRequest(Context):
    ttl: int | None = Field(default=None, ge=30, le=24 * 3600, description="Seconds; default 900.")


class Event(BaseModel):
    model_config = _Strict
    appid: str = Field(min_length=1, max_length=32)
    version: str = Field(min_length=1, max_length=64)
    type: Literal["launch", "error"]
    count: int = Field(default=1, ge=1, le=1_000_000)


class EventsRequest(BaseModel):
    model_config = _Strict
    events: list[Event] = Field(min_length=1, max_length=1000)


class PauseRequest(BaseModel):
    model_config = _Strict
    reason: str = Field(default="", max_length=2000)


class RollbackRequest(BaseModel):
    model_config = _Strict
    to_revision: int | None = Field(default=None, ge=1)


class SimulateRequest(BaseModel):
    model_config = _Strict
    users: int = Field(default=100_000, ge=1, le=1_000_000)
    attributes: dict[str, dict[str, float]] | None = None
    plan: dict[str, Any] | None = Field(
        default=None, description="A draft to try; default: the saved plan."
    )
