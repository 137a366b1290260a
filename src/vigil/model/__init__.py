"""Pure domain types shared by every stage. Imports nothing from the rest of vigil."""

from vigil.model._value import value
from vigil.model.finding import (
    Category,
    CodeLocation,
    Component,
    Confidence,
    Cvss,
    Endpoint,
    Finding,
    Severity,
    Tool,
    TraceStep,
)
from vigil.model.inventory import Dependency
from vigil.model.record import FindingRecord
from vigil.model.status import Status

__all__ = [
    "Category",
    "CodeLocation",
    "Component",
    "Confidence",
    "Cvss",
    "Dependency",
    "Endpoint",
    "Finding",
    "FindingRecord",
    "Severity",
    "Status",
    "Tool",
    "TraceStep",
    "value",
]
