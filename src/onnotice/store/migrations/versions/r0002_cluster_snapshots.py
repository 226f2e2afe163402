"""Linking over the store: link runs, cluster snapshots and their members.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:35:10.682305
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "link_runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("parameters", sa.Text(), nullable=False),
        sa.Column("listings", sa.Integer(), nullable=False),
        sa.Column("clusters", sa.Integer(), nullable=False),
        sa.Column("changed", sa.Integer(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_link_runs")),
    )
    op.create_table(
        "cluster_snapshots",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.String(length=64), nullable=False),
        sa.Column("known_at", sa.String(length=40), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("ledger_seq", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["run_id"], ["link_runs.id"], name=op.f("fk_cluster_snapshots_run_id_link_runs")
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_cluster_snapshots")),
    )
    with op.batch_alter_table("cluster_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cluster_snapshots_cluster", ["cluster_id", "known_at"], unique=False
        )

    op.create_table(
        "cluster_members",
        sa.Column("snapshot_pk", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.String(length=200), nullable=False),
        sa.Column("listing_id", sa.String(length=400), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("valid_at", sa.String(length=40), nullable=False),
        sa.Column("adverse", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.id"], name=op.f("fk_cluster_members_customer_id_customers")
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_pk"],
            ["cluster_snapshots.pk"],
            name=op.f("fk_cluster_members_snapshot_pk_cluster_snapshots"),
        ),
        sa.PrimaryKeyConstraint(
            "snapshot_pk", "customer_id", "listing_id", name=op.f("pk_cluster_members")
        ),
    )
    with op.batch_alter_table("cluster_members", schema=None) as batch_op:
        batch_op.create_index("ix_cluster_members_customer", ["customer_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cluster_members", schema=None) as batch_op:
        batch_op.drop_index("ix_cluster_members_customer")

    op.drop_table("cluster_members")
    with op.batch_alter_table("cluster_snapshots", schema=None) as batch_op:
        batch_op.drop_index("ix_cluster_snapshots_cluster")

    op.drop_table("cluster_snapshots")
    op.drop_table("link_runs")
