"""Dutch instruments by date: which laws and powers exist on a scenario's date, and when a bill takes effect.

An exercise is set on a calendar date (:attr:`sim.exercise.Exercise.start_datetime`), and what the
government can do quickly depends on it. In 2018 there was no general investment screening law, only
sector-specific powers over changes of control; a ban on foreign donations to parties was recommended
(February 2018) but took until 2023 to enter into force. This module holds those dates; the responses
in :mod:`sim.catalogue.blue_long_lead` read them.

Two records:

* :class:`Law` — legislation the government can *announce* (order a bill: the legislative process
  starts) or *apply* once it is in force. :meth:`Law.entry_into_force` says when a bill announced on a
  date would enter into force: the historical date if the real process was already under way, or
  earlier — the historical process length counted from the order — if the exercise orders it before
  history did. Ordering early matters: it is the only way to make a law come sooner.
* :class:`SectorPower` — a sector-specific power that stops a change of control in its sector, in
  force from a date.

What is sourced and what is assumed is said on each record (``sources`` and ``assumption``) and in
``docs/models.md`` ("Lead times of legislation and powers").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise


@dataclass(frozen=True)
class Law:
    """A law the government can announce as a bill or, once it is in force, apply.

    Attributes:
        key: short name.
        title: the Dutch title.
        english: what it does, in English, for headlines.
        announced: when the cabinet historically announced it and started the legislative process.
        in_force: when it historically entered into force; None if it had not by the latest source.
        process_days: days from the announcement to entry into force (historical where ``in_force``
            is known; otherwise the assumption in ``assumption``).
        sources: where the dates come from.
        assumption: what is assumed rather than sourced ("" if nothing).
    """

    key: str
    title: str
    english: str
    announced: date
    in_force: date | None
    process_days: int
    sources: tuple[str, ...] = ()
    assumption: str = ""

    @property
    def historic_entry(self) -> date:
        """When the law entered (or, where it has not yet, is assumed to enter) into force."""
        return self.in_force if self.in_force is not None else self.announced + timedelta(days=self.process_days)

    def in_force_on(self, day: date) -> bool:
        """Whether the law is in force on ``day``."""
        return day >= self.historic_entry

    def entry_into_force(self, ordered: date) -> date:
        """When a bill announced on ``ordered`` enters into force (``ordered`` itself if it already is).

        A process that history had already started is not sped up by ordering it again: the
        historical date holds. Ordered before history did, it takes the historical process length
        from the order.
        """
        if self.in_force_on(ordered):
            return ordered
        return min(self.historic_entry, ordered + timedelta(days=self.process_days))


@dataclass(frozen=True)
class SectorPower:
    """A sector-specific power to stop a change of control over a company in one sector.

    Attributes:
        sector: the sector an acquisition names (its ``sector`` parameter, else its target).
        law: the Dutch law that holds the power.
        covers: what the power covers, in words.
        since: from when it is in force.
        assets: the kinds of company it covers, for an acquisition that says which kind it is (its
            ``asset`` parameter); an acquisition that does not say is taken to be covered.
        sources: where this comes from.
        assumption: what is assumed rather than sourced ("" if nothing).
    """

    sector: str
    law: str
    covers: str
    since: date
    assets: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    assumption: str = ""

    def covers_asset(self, asset: str) -> bool:
        """Whether an acquisition of a company of kind ``asset`` ("" = not said) falls under the power."""
        return not asset or not self.assets or asset in self.assets


BTI_ENERGY = "https://www.bureautoetsinginvesteringen.nl/het-stelsel-van-toetsen/energie"
BTI_TELECOM = "https://www.bureautoetsinginvesteringen.nl/het-stelsel-van-toetsen/telecom"

FOREIGN_DONATIONS_BAN = Law(
    key="wfpp_foreign_donations",
    title="Evaluatiewet Wfpp (verbod op giften van buiten de EU aan politieke partijen)",
    english="a ban on donations from outside the EU to political parties",
    announced=date(2019, 1, 25),
    in_force=date(2023, 1, 1),
    process_days=(date(2023, 1, 1) - date(2019, 1, 25)).days,
    sources=(
        "Commissie-Veling final report, 1 February 2018 (the letter of 16 March 2018)",
        "Cabinet response announcing the ban, 25 January 2019 (Kamerstuk 35 657, nr. 3)",
        "Wet van 19 oktober 2022, Stb. 2022, 412; in force 1 January 2023 by Stb. 2022, 462",
    ),
)
"""The ban on foreign donations to parties (the letter's first exploration). The law also caps donations
and lowers the disclosure threshold; the exercise models only the ban on money from outside the EU."""

CIVIL_SOCIETY_TRANSPARENCY = Law(
    key="wtmo",
    title="Wet transparantie en tegengaan ondermijning door maatschappelijke organisaties (Wtmo)",
    english="transparency of donations to civil-society and religious organisations",
    announced=date(2019, 7, 1),
    in_force=None,
    process_days=(date(2026, 7, 1) - date(2019, 7, 1)).days,
    sources=(
        "Draft consulted in summer 2019; bill sent to the Tweede Kamer end of November 2020 (Kamerstuk 35 646)",
        "Tweede Kamer votes on amendments, March 2025; Eerste Kamer report 3 June 2025 and reply 14 October 2025 "
        "(Kamerstuk 35 646, B and C): not in force by then",
    ),
    assumption="announced on 1 July 2019 (the consultation was 'summer 2019'); entry into force assumed on "
               "1 July 2026, seven years on, since the sources end with the bill still in the Eerste Kamer",
)
"""The transparency of money flows to civil-society and religious organisations (the letter's second
exploration: the coalition agreement's passage on money from 'unfree countries')."""

INVESTMENT_SCREENING_ACT = Law(
    key="vifo",
    title="Wet veiligheidstoets investeringen, fusies en overnames (Wet Vifo)",
    english="a general security screening of investments, mergers and takeovers",
    announced=date(2020, 9, 8),
    in_force=date(2023, 6, 1),
    process_days=(date(2023, 6, 1) - date(2020, 9, 8)).days,
    sources=(
        "In force 1 June 2023 (Stb. 2023, 173 and 174); bill sent to the Tweede Kamer 30 June 2021, passed by "
        "the Tweede Kamer 19 April 2022 and the Eerste Kamer 17 May 2022",
        "Applies retroactively to acquisitions from 8 September 2020; a notified acquisition may not close "
        "before the minister's decision",
    ),
    assumption="8 September 2020, the date it applies back to, is taken as the start of the process",
)
"""The general screening law. Vital providers (heat transport, nuclear energy, aviation, the port area,
banking, financial market infrastructure, extractable energy, gas storage) and sensitive technology."""

LAWS = {law.key: law for law in (FOREIGN_DONATIONS_BAN, CIVIL_SOCIETY_TRANSPARENCY, INVESTMENT_SCREENING_ACT)}

SECTOR_POWERS = (
    SectorPower(
        sector="energy",
        law="Elektriciteitswet 1998 / Gaswet",
        covers="changes of control of an electricity production installation over 250 MW or its operator, "
               "and of an LNG installation or LNG company; the minister may prohibit them or set conditions "
               "on grounds of public security or security of supply",
        since=date(2014, 1, 1),
        assets=("electricity_production", "lng"),
        sources=(BTI_ENERGY,),
        assumption="in force from 1 January 2014: the provisions date from the amendments after the "
                   "Energierapport 2011 (Kamerstuk 33 493, in parliament in 2013); the exact date is not sourced",
    ),
    SectorPower(
        sector="telecom",
        law="Telecommunicatiewet, hoofdstuk 14a (Wet ongewenste zeggenschap telecommunicatie)",
        covers="predominant control of a telecom party (internet access or telephony for more than 100,000 "
               "users, networks, internet exchanges and the other parties the Besluit names); the minister "
               "may prohibit it on grounds of public interest",
        since=date(2020, 10, 1),
        sources=(BTI_TELECOM, "Besluit ongewenste zeggenschap telecommunicatie, Stb. 2020, 352; Regeling melding, "
                              "Stcrt. 2020, 48965, in force 1 October 2020",
                 "Kamerstuk 35 153: advice of the Raad van State 21 August 2018, bill sent 5 March 2019"),
    ),
)
"""The sector-specific powers over changes of control. Ports, gas storage and the other vital sectors had
none before the Wet Vifo."""


def scenario_date(ex: "Exercise", t: float | None = None) -> date:
    """The calendar date at clock time ``t`` (default: now)."""
    return (ex.start_datetime + timedelta(hours=ex.now if t is None else t)).date()


def hours_at(ex: "Exercise", day: date) -> float:
    """Clock time (hours since the start) at midnight starting ``day``."""
    return (datetime.combine(day, time()) - ex.start_datetime) / timedelta(hours=1)


def sector_of(op: Any) -> str:
    """The sector an acquisition is in: its ``sector`` parameter, else its target."""
    return str(op.params.get("sector") or op.target or "")


def power_for(op: Any, day: date) -> SectorPower | None:
    """The sector power that covers acquisition ``op`` on ``day``, if any."""
    sector, asset = sector_of(op), str(op.params.get("asset", ""))
    return next((p for p in SECTOR_POWERS if p.sector == sector and p.since <= day and p.covers_asset(asset)), None)


def powers_on(day: date) -> list[SectorPower]:
    """The sector powers in force on ``day``."""
    return [p for p in SECTOR_POWERS if p.since <= day]


def why_not_covered(op: Any, day: date) -> str:
    """Why no sector power covers acquisition ``op`` on ``day``, in a few words."""
    sector, asset = sector_of(op), str(op.params.get("asset", ""))
    powers = [p for p in SECTOR_POWERS if p.sector == sector]
    if not powers:
        vifo = long_date(INVESTMENT_SCREENING_ACT.historic_entry)
        return f"no sector power for {sector}; only the Wet Vifo (from {vifo})"
    later = [p for p in powers if p.since > day]
    if later:
        return f"{later[0].law} not in force before {long_date(later[0].since)}"
    return f"{powers[0].law} does not cover a {asset.replace('_', ' ')}"


def describe_powers(day: date) -> str:
    """The sector powers in force on ``day``, as ``energy (Elektriciteitswet 1998 / Gaswet)``."""
    names = [f"{p.sector} ({p.law})" for p in powers_on(day)]
    return ", ".join(names) if names else "none"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def long_date(day: date) -> str:
    """``1 June 2023`` (English month names whatever the locale, so the log does not depend on it)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def acquisitions(ops: Iterable[Any]) -> list[Any]:
    """The running strategic acquisitions among ``ops``."""
    return [op for op in ops if op.active and op.technique == "strategic_acquisition"]
