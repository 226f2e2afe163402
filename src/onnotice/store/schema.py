"""The tables, as SQLAlchemy Core metadata; Alembic migrations create and change them.

Every fact carries both clocks of DESIGN.md: ``valid`` time (when it was published or
happened; ISO 8601 text, possibly partial such as "2018") and ``known`` time (when
onnotice stored it; an ISO 8601 UTC timestamp). Times are text so that partial dates keep
their precision and SQLite and PostgreSQL compare them the same way (ISO sorts as text).
JSON columns hold what the core produced (signals, entities, sentences) as text.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

customers = Table(
    "customers",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("name", Text, nullable=False),
    Column("aliases", Text, nullable=False, default="[]"),
    Column("domains", Text, nullable=False, default="[]"),
    Column("country", String(80), nullable=False, default=""),
    Column("onboarded_at", String(40)),
    Column("offboarded_at", String(40)),
    Column("monthly_revenue", Float),
    Column("known_at", String(40), nullable=False),
    Column("updated_at", String(40), nullable=False),
)

customer_revenue = Table(
    "customer_revenue",
    metadata,
    Column("customer_id", String(200), ForeignKey("customers.id"), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("amount", Float, nullable=False),
)

ingest_batches = Table(
    "ingest_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(200), ForeignKey("customers.id"), nullable=False),
    Column("source", Text, nullable=False),
    Column("known_at", String(40), nullable=False),
    Column("stored", Integer, nullable=False),
    Column("ledger_seq", Integer),
)

listings = Table(
    "listings",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(200), ForeignKey("customers.id"), nullable=False),
    Column("listing_id", String(400), nullable=False),
    Column("version", Integer, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("batch_id", Integer, ForeignKey("ingest_batches.id"), nullable=False),
    Column("valid_at", String(40)),
    Column("known_at", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("record", Text, nullable=False),
    Column("score", Float, nullable=False),
    Column("level", String(10), nullable=False),
    Column("categories", Text, nullable=False, default=""),
    Column("result", Text, nullable=False),
    UniqueConstraint("customer_id", "listing_id", "version"),
    UniqueConstraint("customer_id", "listing_id", "content_hash", name="uq_listings_content"),
)
Index("ix_listings_customer_known", listings.c.customer_id, listings.c.known_at)

notices = Table(
    "notices",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("title", Text, nullable=False, default=""),
    Column("url", Text, nullable=False, default=""),
    Column("source", Text, nullable=False, default=""),
    Column("path", Text, nullable=False, default=""),
    Column("valid_at", String(40)),
    Column("known_at", String(40), nullable=False),
    Column("text", Text, nullable=False),
    Column("ledger_seq", Integer),
)

notice_matches = Table(
    "notice_matches",
    metadata,
    Column("notice_id", String(64), ForeignKey("notices.id"), primary_key=True),
    Column("customer_id", String(200), ForeignKey("customers.id"), primary_key=True),
    Column("categories", Text, nullable=False),
    Column("severity", Float, nullable=False, default=0.0),
    Column("sentences", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("how", String(20), nullable=False),
    Column("similarity", Float, nullable=False),
    Column("valid_at", String(40)),
    Column("known_at", String(40), nullable=False),
)
Index("ix_notice_matches_customer", notice_matches.c.customer_id)

notice_events = Table(
    "notice_events",
    metadata,
    Column("notice_id", String(64), ForeignKey("notices.id"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("date", String(40), nullable=False),
    Column("category", String(60), nullable=False),
    Column("customer_id", String(200)),
    Column("sentence", Text, nullable=False),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(200), ForeignKey("customers.id"), nullable=False),
    Column("action", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("actor", Text, nullable=False),
    Column("known_at", String(40), nullable=False),
    Column("level", String(10), nullable=False),
    Column("evidence", Text, nullable=False),
    Column("ledger_seq", Integer),
)
Index("ix_decisions_customer", decisions.c.customer_id)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("customer_id", String(200), ForeignKey("customers.id"), nullable=False),
    Column("raised_at", String(40), nullable=False),
    Column("view", String(10), nullable=False),
    Column("from_level", String(10), nullable=False),
    Column("to_level", String(10), nullable=False),
    Column("reasons", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("state", String(10), nullable=False, default="open"),
    Column("closed_by", Integer, ForeignKey("decisions.id")),
    Column("ledger_seq", Integer),
)
Index("ix_alerts_state", alerts.c.state)

risk_states = Table(
    "risk_states",
    metadata,
    Column("customer_id", String(200), ForeignKey("customers.id"), primary_key=True),
    Column("evaluated_at", String(40), nullable=False),
    Column("state", Text, nullable=False),
)

link_runs = Table(
    "link_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("known_at", String(40), nullable=False),
    Column("scope", Text, nullable=False, default="[]"),
    Column("parameters", Text, nullable=False, default="{}"),
    Column("listings", Integer, nullable=False),
    Column("clusters", Integer, nullable=False),
    Column("changed", Integer, nullable=False),
    Column("ledger_seq", Integer),
)

cluster_snapshots = Table(
    "cluster_snapshots",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, ForeignKey("link_runs.id"), nullable=False),
    Column("cluster_id", String(64), nullable=False),
    Column("known_at", String(40), nullable=False),
    Column("size", Integer, nullable=False),
    Column("score", Float, nullable=False),
    Column("digest", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("ledger_seq", Integer),
)
Index("ix_cluster_snapshots_cluster", cluster_snapshots.c.cluster_id, cluster_snapshots.c.known_at)

cluster_members = Table(
    "cluster_members",
    metadata,
    Column("snapshot_pk", Integer, ForeignKey("cluster_snapshots.pk"), primary_key=True),
    Column("customer_id", String(200), ForeignKey("customers.id"), primary_key=True),
    Column("listing_id", String(400), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("valid_at", String(40), nullable=False),
    Column("adverse", Boolean, nullable=False, default=False),
)
Index("ix_cluster_members_customer", cluster_members.c.customer_id)

ledger_entries = Table(
    "ledger_entries",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("time", String(40), nullable=False),
    Column("actor", Text, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("subject", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("leaf_hash", LargeBinary(32), nullable=False),
)

ledger_checkpoints = Table(
    "ledger_checkpoints",
    metadata,
    Column("tree_size", Integer, primary_key=True, autoincrement=False),
    Column("root_hash", LargeBinary(32), nullable=False),
    Column("note", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

ledger_state = Table(
    "ledger_state",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("tree_size", Integer, nullable=False),
    Column("state", LargeBinary, nullable=False),
)
