"""Scenario schema for the synthetic population and its narratives.

These pydantic models are the ``population:`` and ``narratives:`` blocks of a
scenario file. They live beside the population code because they describe its
parameters; :mod:`sim.scenario.schema` imports them into the full scenario model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from sim.scenario.schemabase import Identifier, Indicator, Prose, Strict, Unit


class SegmentSpec(Strict):
    """One segment of the population (general public, young and online, a diaspora, ...).

    Attributes:
        id: segment identifier used by actors, actions and narratives.
        share: fraction of the population in this segment; shares must sum to 1.
        trust: initial mean institutional trust (0-1). The OECD Trust Survey 2024
            puts high or moderately high trust in national government at 39%.
        media_literacy: 0-1; lowers how readily a reached citizen believes a narrative.
        opinion: initial mean position on the polarising axis (0-1).
        opinion_spread: half-width of the uniform initial opinion distribution.
        online: relative activity on platforms (scales contact rate).
        origin: for a diaspora segment, the state actor id of the country of origin.
        fear: initial fear of the country of origin (diaspora segments).
        ties: initial strength of ties with the wider society (diaspora segments, 0-1).
    """

    id: Identifier
    share: float = Field(gt=0, le=1)
    trust: Unit = 0.5
    media_literacy: Unit = 0.5
    opinion: Unit = 0.5
    opinion_spread: Unit = 0.5
    online: float = Field(default=1.0, ge=0, le=10)
    origin: Identifier | None = None
    fear: Unit = 0.0
    ties: Unit = 0.7


class NetworkSpec(Strict):
    """How the social network is generated from the seed.

    Attributes:
        model: ``sbm`` (stochastic block model over segments with homophily),
            ``erdos_renyi``, ``watts_strogatz``, ``barabasi_albert`` or
            ``complete`` (well-mixed: contacts drawn uniformly from everyone).
        mean_degree: mean number of contacts per citizen.
        homophily: sbm only; share of a citizen's ties inside its own segment
            beyond what random mixing gives (0 = random, 1 = only own segment).
        rewire: watts_strogatz only; rewiring probability.
        activity: ``heavy_tailed`` — a few citizens have most of the contacts (reach, sbm only) and do
            most of the sharing (:mod:`sim.population.activity`) — or ``uniform`` — every citizen of a
            segment alike, the textbook models. Left out: heavy-tailed for ``sbm`` (the default
            society), uniform for the other models (which are there to check the published results).
    """

    model: Literal["sbm", "erdos_renyi", "watts_strogatz", "barabasi_albert", "complete"] = "sbm"
    mean_degree: float = Field(default=8.0, ge=1, le=200)
    homophily: Unit = 0.7
    rewire: Unit = 0.1
    activity: Literal["heavy_tailed", "uniform"] | None = None

    def heavy_tailed(self) -> bool:
        """Whether citizens' reach and sharing activity are heavy-tailed (see ``activity``)."""
        return (self.activity or ("heavy_tailed" if self.model == "sbm" else "uniform")) == "heavy_tailed"


class OpinionSpec(Strict):
    """Deffuant-Weisbuch bounded-confidence opinion dynamics on the polarising axis.

    Attributes:
        axis: what the axis means, for the briefing and the report.
        confidence: bound d; pairs further apart than d do not influence each other.
        convergence: mu, the fraction of the gap each side moves.
        interactions_per_day: pair interactions per citizen per simulated day.
    """

    axis: str = "opinion"
    confidence: float = Field(default=0.3, gt=0, le=1)
    convergence: float = Field(default=0.3, gt=0, le=0.5)
    interactions_per_day: float = Field(default=1.0, ge=0, le=1000)


class TrustSpec(Strict):
    """Asymmetric trust updating (Slovic 1993: trust is lost faster than gained).

    Attributes:
        gain: eta+ in T += eta+ (1 - T) for a good signal of unit strength.
        loss: eta- in T -= eta- T for a bad signal of unit strength; must exceed gain.
    """

    gain: Unit = 0.02
    loss: Unit = 0.06

    @model_validator(mode="after")
    def _loss_exceeds_gain(self) -> "TrustSpec":
        if self.loss <= self.gain:
            raise ValueError("trust.loss must be larger than trust.gain (trust is lost faster than gained)")
        return self


MAX_POPULATION = 20_000_000
"""Most citizens a scenario may ask for: a whole country (the Netherlands: 1.75x10^7) with room to
spare. At about 130 bytes a citizen at peak (``benchmarks/country.py``) that is 2.6 GB."""
MAX_LINK_ENDS = 1_600_000_000
"""Most link ends (``size * mean_degree``) a population may have: the CSR stores them as int32, whose
2^31 the drawn count (random, heavy-tailed) must stay well below."""


class PopulationSpec(Strict):
    """The synthetic citizen population.

    Attributes:
        size: number of citizens (10^2 .. :data:`MAX_POPULATION`, 2x10^7).
        contacts_per_day: rumour contacts a spreader initiates per simulated day.
        network: network generation.
        segments: the segments, with shares summing to 1.
        opinion: opinion dynamics.
        trust: trust updating.
    """

    size: int = Field(ge=100, json_schema_extra={"maximum": MAX_POPULATION})
    contacts_per_day: float = Field(default=1.0, gt=0, le=100)
    network: NetworkSpec = NetworkSpec()
    segments: list[SegmentSpec] = Field(min_length=1)
    opinion: OpinionSpec = OpinionSpec()
    trust: TrustSpec = TrustSpec()

    @field_validator("size")
    @classmethod
    def _at_most_a_country(cls, size: int) -> int:
        if size > MAX_POPULATION:
            raise ValueError(f"{size:,} citizens is more than the {MAX_POPULATION:,} a population may have "
                             f"(one per resident of the Netherlands is 17,500,000; each takes ~130 bytes at peak)")
        return size

    @model_validator(mode="after")
    def _links_fit(self) -> "PopulationSpec":
        ends = self.size * self.network.mean_degree
        if self.network.model != "complete" and ends > MAX_LINK_ENDS:
            raise ValueError(f"size x network.mean_degree is {ends:,.0f} link ends, more than the "
                             f"{MAX_LINK_ENDS:,} the network can hold; lower the mean degree or the size")
        return self

    @model_validator(mode="after")
    def _shares_sum_to_one(self) -> "PopulationSpec":
        total = sum(s.share for s in self.segments)
        if abs(total - 1.0) > 1e-6:
            raise ValueError(f"segment shares sum to {total:.4g}, not 1")
        ids = [s.id for s in self.segments]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate segment id(s): {', '.join(dupes)}")
        return self


class NarrativeSpec(Strict):
    """A narrative (a rumour, a frame, a piece of disinformation) that can spread.

    Attributes:
        id: identifier used by actors and commands.
        claim: the claim in one sentence, shown in the news and the report.
        targets: indicators the narrative attacks when believed.
        spread: lambda, probability a spreader's contact with an ignorant converts it.
        stifle: alpha, probability a spreader stops on meeting a spreader or stifler.
        forget: delta, per-day probability a spreader stops spontaneously (Nekovee 2007).
        credibility: the hoax's credibility, the base of the gullibility alpha of
            Tambuscio et al. 2015 (0-1), modulated per citizen by trust, media
            literacy, prebunking and opinion fit (:func:`sim.population.rumour.gullibility`).
        wedge: how strongly believing pushes opinions towards ``stance`` (0-1).
        stance: the end of the opinion axis the narrative pushes toward (0 or 1 or between).
        against_institutions: believing it lowers institutional trust.
        initial_spreaders: spreaders seeded at t = 0 (validation scenarios use 1).
        seed_segments: segments seeded first when an actor launches the narrative.
        belief_spread: spreading rate beta of Tambuscio et al. 2015, per day: a reached,
            susceptible citizen with believer or fact-checker contacts takes a side at
            this rate (which side by the SBFC split, :mod:`sim.population.sbfc`). It sets
            the speed of believing, not whether the hoax survives. 0.5 is the value of
            the authors' simulations.
        verify: baseline p_verify of Tambuscio et al. 2015, per day: the rate at which a
            believer checks the facts and turns fact-checker (fact-checking capacity and
            debunks add to it).
        belief_forget: p_forget of Tambuscio et al. 2015, per day: the rate at which a
            believer or fact-checker drops the matter and is susceptible again (exposed
            again by its contacts). The hoax dies out when p_verify exceeds
            ``2 alpha p_forget / (1 - alpha)``; with 0 any verification removes it.
    """

    id: Identifier
    claim: Prose = ""
    targets: list[Indicator] = Field(default_factory=list)
    spread: Unit = 0.5
    stifle: Unit = 0.5
    forget: Unit = 0.0
    credibility: Unit = 0.5
    wedge: Unit = 0.0
    stance: Unit = 1.0
    against_institutions: bool = True
    initial_spreaders: int = Field(default=0, ge=0)
    seed_segments: list[Identifier] = Field(default_factory=list)
    belief_spread: Unit = 0.5
    verify: Unit = 0.01
    belief_forget: Unit = 0.0
