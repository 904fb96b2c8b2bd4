"""The vocabularies that tags and reports speak: Hybrid CoE domains, DIMEFIL levers, lines of effort, DISARM ids.

One list each, used by the scenario schema (injects' tags), the catalogue (techniques' and responses'
tags) and the conformance check.
"""

from __future__ import annotations

import re

DOMAINS = ("infrastructure", "cyber", "space", "economy", "military", "culture", "social", "public_administration",
           "legal", "intelligence", "diplomacy", "political", "information")
"""Hybrid CoE / JRC domains of hybrid threats."""

DIMEFIL = ("diplomatic", "information", "military", "economic", "financial", "intelligence", "legal")
"""The levers of national power a response pulls (Diplomatic, Information, Military, Economic, Financial,
Intelligence, Law enforcement/Legal)."""

LINES = {
    "information": "narratives, audiences and their amplification",
    "cyber": "access to networks, intrusions, hack-and-leak",
    "diplomatic": "officials' statements and diplomatic pressure",
    "economic": "takeovers and economic leverage",
    "diaspora": "informants, coercion and mobilisation of a diaspora",
    "covert": "covert money, threats against office holders, covert military activity",
}
"""Lines of effort a state's campaign combines (:mod:`sim.campaign`), with what each covers."""

DISARM_TECHNIQUE = re.compile(r"^T\d{4}(\.\d{3})?$")
"""DISARM red framework technique ids: ``T0089``, ``T0093.002``."""

DISARM_COUNTER = re.compile(r"^C\d{5}$")
"""DISARM blue framework counter ids: ``C00115``."""
