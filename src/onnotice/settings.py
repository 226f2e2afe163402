"""Settings, read from ``ONNOTICE_*`` environment variables; built only by entry points."""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a run may be configured with; command-line options override these."""

    model_config = SettingsConfigDict(env_prefix="ONNOTICE_", extra="ignore")

    region: str = "US"
    """Default region for phone numbers written without a country code."""
    rules: list[Path] = []
    """Extra rule-pack files loaded after the shipped packs."""
    quarantine: Path | None = None
    """Where rejected input records go; default: ``<first input>.quarantine.jsonl``."""
    max_field_bytes: int = 1_000_000
    """A record whose text is larger than this is quarantined, not scanned."""
    workers: int = 1
    """Processes used for scanning."""
    database_url: str = "sqlite:///onnotice.db"
    """The store: a SQLite file (default, in the working folder) or a PostgreSQL URL."""
    ledger_key: Path = Path("onnotice.key")
    """The Ed25519 key that signs ledger checkpoints; created (mode 0600) on first use.

    Kept outside the database on purpose: whoever can write the database must not also be
    able to sign a rewritten history."""
    ledger_origin: str = "onnotice.local/ledger"
    """The checkpoint origin line and key name, e.g. the provider's own domain + "/ledger"."""
    actor: str = ""
    """Who records ledger entries; default: the login name of the user running onnotice."""
