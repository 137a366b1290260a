"""The policy stage: a gate policy file becomes rules, and finding records become a Verdict.

``load_policy`` reads a YAML or TOML policy (``DEFAULT_POLICY`` applies when there is none);
``evaluate`` is a pure function of the records, the policy, the KEV set and the day.
"""

from vigil.policy.evaluate import evaluate
from vigil.policy.loader import load_policy, policy_from_mapping
from vigil.policy.model import DEFAULT_POLICY, POLICY_VERSION, AppliesTo, Limit, Policy
from vigil.policy.suppression import Suppression
from vigil.policy.verdict import Breach, Rule, Suppressed, Verdict, Violation

__all__ = [
    "DEFAULT_POLICY",
    "POLICY_VERSION",
    "AppliesTo",
    "Breach",
    "Limit",
    "Policy",
    "Rule",
    "Suppressed",
    "Suppression",
    "Verdict",
    "Violation",
    "evaluate",
    "load_policy",
    "policy_from_mapping",
]
