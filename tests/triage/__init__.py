"""Tests of the triage stage."""
