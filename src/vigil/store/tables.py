"""Table definitions, one group per aggregate. Alembic migrations create them; this module is
what the repositories query. Keep both in step (tests compare them)."""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

products = Table(
    "products",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(200), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

scans = Table(
    "scans",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id"), nullable=False),
    Column("branch", String(200), nullable=False),
    Column("commit_sha", String(80), nullable=False, default=""),
    Column("tool", String(100), nullable=False),
    Column("tool_version", String(100), nullable=False, default=""),
    Column("target", String(500), nullable=False, default=""),
    Column("report_name", String(1000), nullable=False, default=""),
    Column("report_sha256", String(64), nullable=False, default=""),
    Column("complete", Boolean, nullable=False, default=True),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("finding_count", Integer, nullable=False, default=0),
    Index(None, "product_id", "branch", "tool", "target"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("product_id", ForeignKey("products.id"), nullable=False),
    Column("branch", String(200), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("title", Text, nullable=False),
    Column("severity", SmallInteger, nullable=False),
    Column("category", String(20), nullable=False),
    Column("tool", String(100), nullable=False),
    Column("rule_id", String(500), nullable=False),
    Column("status", String(20), nullable=False),
    Column("cvss_score", Float),
    Column("vulnerability_ids", Text, nullable=False, default=""),
    # Columns the gate reads without decoding ``data`` (the full finding with the raw record).
    Column("component_name", String(500), nullable=False, default=""),
    Column("component_version", String(200), nullable=False, default=""),
    Column("purl", String(1000), nullable=False, default=""),
    Column("path", String(1000), nullable=False, default=""),
    Column("line", Integer),
    Column("url", String(2000), nullable=False, default=""),
    Column("data", LargeBinary, nullable=False),
    Column("data_hash", String(40), nullable=False),
    Column("first_seen_scan_id", ForeignKey("scans.id"), nullable=False),
    Column("last_seen_scan_id", ForeignKey("scans.id"), nullable=False),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("last_seen_at", DateTime(timezone=True), nullable=False),
    Column("fixed_scan_id", ForeignKey("scans.id")),
    Column("fixed_at", DateTime(timezone=True)),
    Column("triage_reason", Text),
    Column("accepted_until", Date),
    Column("reopen_count", Integer, nullable=False, default=0),
    UniqueConstraint("product_id", "branch", "fingerprint"),
    # Covers the gate's population counts and relevance filter.
    Index(None, "product_id", "branch", "status", "severity", "first_seen_scan_id"),
)

finding_sources = Table(
    "finding_sources",
    metadata,
    Column("finding_id", ForeignKey("findings.id", ondelete="CASCADE"), primary_key=True),
    Column("tool", String(100), primary_key=True),
    Column("target", String(500), primary_key=True),
    Column("present", Boolean, nullable=False),
    Column("last_seen_scan_id", ForeignKey("scans.id"), nullable=False),
)

finding_keys = Table(
    "finding_keys",
    metadata,
    Column("product_id", ForeignKey("products.id"), primary_key=True),
    Column("branch", String(200), primary_key=True),
    # A fingerprint the finding would have under another of its advisory ids.
    Column("key", String(64), primary_key=True),
    Column("finding_id", ForeignKey("findings.id", ondelete="CASCADE"), nullable=False),
)

finding_events = Table(
    "finding_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("finding_id", ForeignKey("findings.id", ondelete="CASCADE"), nullable=False),
    Column("scan_id", ForeignKey("scans.id")),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("from_status", String(20)),
    Column("to_status", String(20), nullable=False),
    Column("actor", String(200), nullable=False, default="vigil"),
    Column("reason", Text),
    Index(None, "finding_id"),
)

#: Scratch space of one connection, never migrated: the ids an import saw, so that updating
#: 100,000 of them is one set-based statement instead of 100,000.
scratch = MetaData()
seen_ids = Table(
    "vigil_seen_ids", scratch, Column("id", Integer, primary_key=True), prefixes=["TEMPORARY"]
)
