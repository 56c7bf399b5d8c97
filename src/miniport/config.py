"""Configuration from `MINIPORT_*` environment variables, with embedded defaults.

Settings are read once and passed explicitly to the parts that need them; nothing
below reads the environment on its own.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MINIPORT_", extra="ignore")

    data_dir: Path = Field(default=Path(".miniport"), description="Where embedded state lives.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file in the data dir."
    )
    storage_url: str | None = Field(
        default=None, description="file:///path or s3://bucket/prefix; default: data dir."
    )
    s3_endpoint_url: str | None = None
    redis_url: str | None = None
    admin_email: str | None = None
    admin_password: str | None = None
    secret_key: str | None = Field(
        default=None, description="Signs console sessions; generated into the data dir if unset."
    )
    public_url: str | None = Field(default=None, description="Base URL hosts reach us at.")
    language: str | None = Field(default=None, description="Force zh-CN or en for the console.")
    host: str = "127.0.0.1"
    port: int = 8000
    seed_demo: bool = True

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'miniport.db').resolve()}"

    def resolved_storage_url(self) -> str:
        if self.storage_url:
            return self.storage_url
        return (self.data_dir / "storage").resolve().as_uri()


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment; keyword overrides win (used by CLI flags and tests)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
