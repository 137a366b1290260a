"""initial findings schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "products",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_products")),
        sa.UniqueConstraint("name", name=op.f("uq_products_name")),
    )
    op.create_table(
        "scans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("branch", sa.String(length=200), nullable=False),
        sa.Column("commit_sha", sa.String(length=80), nullable=False),
        sa.Column("tool", sa.String(length=100), nullable=False),
        sa.Column("tool_version", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("report_name", sa.String(length=1000), nullable=False),
        sa.Column("report_sha256", sa.String(length=64), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finding_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_scans_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scans")),
    )
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_scans_product_id_branch_tool_target"),
            ["product_id", "branch", "tool", "target"],
            unique=False,
        )

    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("branch", sa.String(length=200), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("severity", sa.SmallInteger(), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("tool", sa.String(length=100), nullable=False),
        sa.Column("rule_id", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("cvss_score", sa.Float(), nullable=True),
        sa.Column("vulnerability_ids", sa.Text(), nullable=False),
        sa.Column("component_name", sa.String(length=500), nullable=False),
        sa.Column("component_version", sa.String(length=200), nullable=False),
        sa.Column("purl", sa.String(length=1000), nullable=False),
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("data_hash", sa.String(length=40), nullable=False),
        sa.Column("first_seen_scan_id", sa.Integer(), nullable=False),
        sa.Column("last_seen_scan_id", sa.Integer(), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fixed_scan_id", sa.Integer(), nullable=True),
        sa.Column("fixed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("triage_reason", sa.Text(), nullable=True),
        sa.Column("accepted_until", sa.Date(), nullable=True),
        sa.Column("reopen_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["first_seen_scan_id"], ["scans.id"], name=op.f("fk_findings_first_seen_scan_id_scans")
        ),
        sa.ForeignKeyConstraint(
            ["fixed_scan_id"], ["scans.id"], name=op.f("fk_findings_fixed_scan_id_scans")
        ),
        sa.ForeignKeyConstraint(
            ["last_seen_scan_id"], ["scans.id"], name=op.f("fk_findings_last_seen_scan_id_scans")
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_findings_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint(
            "product_id",
            "branch",
            "fingerprint",
            name=op.f("uq_findings_product_id_branch_fingerprint"),
        ),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_findings_product_id_branch_status_severity_first_seen_scan_id"),
            ["product_id", "branch", "status", "severity", "first_seen_scan_id"],
            unique=False,
        )

    op.create_table(
        "finding_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("scan_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_events_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scan_id"], ["scans.id"], name=op.f("fk_finding_events_scan_id_scans")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding_events")),
    )
    with op.batch_alter_table("finding_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_events_finding_id"), ["finding_id"], unique=False
        )

    op.create_table(
        "finding_keys",
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("branch", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_keys_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_finding_keys_product_id_products")
        ),
        sa.PrimaryKeyConstraint("product_id", "branch", "key", name=op.f("pk_finding_keys")),
    )
    op.create_table(
        "finding_sources",
        sa.Column("finding_id", sa.Integer(), nullable=False),
        sa.Column("tool", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("last_seen_scan_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["finding_id"],
            ["findings.id"],
            name=op.f("fk_finding_sources_finding_id_findings"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_seen_scan_id"],
            ["scans.id"],
            name=op.f("fk_finding_sources_last_seen_scan_id_scans"),
        ),
        sa.PrimaryKeyConstraint("finding_id", "tool", "target", name=op.f("pk_finding_sources")),
    )


def downgrade() -> None:
    op.drop_table("finding_sources")
    op.drop_table("finding_keys")
    with op.batch_alter_table("finding_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_events_finding_id"))

    op.drop_table("finding_events")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(
            batch_op.f("ix_findings_product_id_branch_status_severity_first_seen_scan_id")
        )

    op.drop_table("findings")
    with op.batch_alter_table("scans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scans_product_id_branch_tool_target"))

    op.drop_table("scans")
    op.drop_table("products")
