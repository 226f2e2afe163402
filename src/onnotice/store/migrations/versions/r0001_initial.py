"""Initial schema: customers, listings, notices, decisions, alerts, ledger

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 16:15:13.125411
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.Text(), nullable=False),
        sa.Column("domains", sa.Text(), nullable=False),
        sa.Column("country", sa.String(length=80), nullable=False),
        sa.Column("onboarded_at", sa.String(length=40), nullable=True),
        sa.Column("offboarded_at", sa.String(length=40), nullable=True),
        sa.Column("monthly_revenue", sa.Float(), nullable=True),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_customers")),
    )
    op.create_table(
        "ledger_checkpoints",
        sa.Column("tree_size", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("root_hash", sa.LargeBinary(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("tree_size", name=op.f("pk_ledger_checkpoints")),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("time", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("leaf_hash", sa.LargeBinary(length=32), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ledger_entries")),
    )
    op.create_table(
        "ledger_state",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("tree_size", sa.Integer(), nullable=False),
        sa.Column("state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_state")),
    )
    op.create_table(
        "notices",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("valid_at", sa.String(length=40), nullable=True),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notices")),
    )
    op.create_table(
        "customer_revenue",
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
            name=op.f("fk_customer_revenue_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("customer_id", "month", name=op.f("pk_customer_revenue")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_decisions_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.create_index("ix_decisions_customer", ["customer_id"], unique=False)

    op.create_table(
        "ingest_batches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("stored", sa.Integer(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_ingest_batches_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ingest_batches")),
    )
    op.create_table(
        "notice_events",
        sa.Column("notice_id", sa.String(length=64), nullable=False),
        sa.Column("idx", sa.Integer(), nullable=False),
        sa.Column("date", sa.String(length=40), nullable=False),
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notices.id"], name=op.f("fk_notice_events_notice_id_notices")
        ),
        sa.PrimaryKeyConstraint("notice_id", "idx", name=op.f("pk_notice_events")),
    )
    op.create_table(
        "notice_matches",
        sa.Column("notice_id", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("severity", sa.Float(), nullable=False),
        sa.Column("sentences", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("how", sa.String(length=20), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("valid_at", sa.String(length=40), nullable=True),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_notice_matches_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["notice_id"], ["notices.id"], name=op.f("fk_notice_matches_notice_id_notices")
        ),
        sa.PrimaryKeyConstraint("notice_id", "customer_id", name=op.f("pk_notice_matches")),
    )
    with op.batch_alter_table("notice_matches", schema=None) as batch_op:
        batch_op.create_index("ix_notice_matches_customer", ["customer_id"], unique=False)

    op.create_table(
        "risk_states",
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("evaluated_at", sa.String(length=40), nullable=False),
        sa.Column("state", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_risk_states_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("customer_id", name=op.f("pk_risk_states")),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("raised_at", sa.String(length=40), nullable=False),
        sa.Column("view", sa.String(length=10), nullable=False),
        sa.Column("from_level", sa.String(length=10), nullable=False),
        sa.Column("to_level", sa.String(length=10), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["closed_by"], ["decisions.id"], name=op.f("fk_alerts_closed_by_decisions")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_alerts_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_alerts")),
    )
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.create_index("ix_alerts_state", ["state"], unique=False)

    op.create_table(
        "listings",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("listing_id", sa.String(length=400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("valid_at", sa.String(length=40), nullable=True),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("record", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["ingest_batches.id"], name=op.f("fk_listings_batch_id_ingest_batches")
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_listings_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_listings")),
        sa.UniqueConstraint(
            "customer_id", "listing_id", "content_hash", name="uq_listings_content"
        ),
        sa.UniqueConstraint(
            "customer_id", "listing_id", "version", name=op.f("uq_listings_customer_id")
        ),
    )
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.create_index(
            "ix_listings_customer_known", ["customer_id", "known_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_index("ix_listings_customer_known")

    op.drop_table("listings")
    with op.batch_alter_table("alerts", schema=None) as batch_op:
        batch_op.drop_index("ix_alerts_state")

    op.drop_table("alerts")
    op.drop_table("risk_states")
    with op.batch_alter_table("notice_matches", schema=None) as batch_op:
        batch_op.drop_index("ix_notice_matches_customer")

    op.drop_table("notice_matches")
    op.drop_table("notice_events")
    op.drop_table("ingest_batches")
    with op.batch_alter_table("decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_decisions_customer")

    op.drop_table("decisions")
    op.drop_table("customer_revenue")
    op.drop_table("notices")
    op.drop_table("ledger_state")
    op.drop_table("ledger_entries")
    op.drop_table("ledger_checkpoints")
    op.drop_table("customers")
