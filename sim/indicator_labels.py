"""The indicators' display names: one registry for the console, the command line, the feed and the reports.

The names are marked for the catalogue (:func:`sim.i18n.N_`) and translated where they are shown
(:func:`label`, :func:`short_label`); the ids (``decision_integrity`` ...) are what scenarios, logs and
machine-readable output use.
"""

from __future__ import annotations

from sim.i18n import N_, gettext

LABELS = {
    "decision_integrity": N_("Decision-making"),
    "rule_of_law": N_("Rule of law"),
    "election_integrity": N_("Election integrity"),
    "fundamental_freedoms": N_("Fundamental freedoms"),
    "social_cohesion": N_("Social cohesion"),
    "public_trust": N_("Public trust"),
    "diaspora_security": N_("Diaspora security"),
    "economic_security": N_("Economic security"),
    "cyber_resilience": N_("Cyber resilience"),
    "bilateral_relations": N_("Bilateral relations"),
    "government_credibility": N_("Government credibility"),
    "economic_openness": N_("Economic openness"),
}
"""Display name of each indicator (English; translated when shown)."""

SHORT_LABELS = {
    "decision_integrity": N_("Decisions"), "rule_of_law": N_("Rule of law"), "election_integrity": N_("Elections"),
    "fundamental_freedoms": N_("Freedoms"), "social_cohesion": N_("Cohesion"), "public_trust": N_("Trust"),
    "diaspora_security": N_("Diaspora"), "economic_security": N_("Economy"), "cyber_resilience": N_("Cyber"),
    "bilateral_relations": N_("Relations"), "government_credibility": N_("Credibility"), "economic_openness": N_("Openness"),
}
"""A one-word name of each indicator, for narrow columns and one-line texts (polls)."""


def label(indicator: str) -> str:
    """An indicator's display name in the current language (an unknown id as it is)."""
    return gettext(LABELS[indicator]) if indicator in LABELS else indicator


def short_label(indicator: str) -> str:
    """An indicator's one-word name in the current language (an unknown id as it is)."""
    return gettext(SHORT_LABELS[indicator]) if indicator in SHORT_LABELS else indicator
