"""Tests of the advisories stage."""
