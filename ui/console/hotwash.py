"""The hot-wash form's content: which cells answer, its pages, and the answers as the replay keeps them.

After the end each cell answers, per objective and once in general: how well it went (P/S/M/U, HSEEP),
its strengths and its areas for improvement. :class:`HotwashForm` holds the pages and the answers; the
screen (:mod:`ui.console.screens.hotwash`) draws them, and :meth:`HotwashForm.records` gives what
:meth:`ui.console.session.LiveSession.close` writes before the replay's footer. Nothing here draws.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from replays.format import HOTWASH_RATINGS, HOTWASH_TEXT_MAX
from sim.i18n import N_, _, name_of, shown

RATING_LABELS = {"P": N_("P · performed without challenges"), "S": N_("S · with some challenges"),
                 "M": N_("M · with major challenges"), "U": N_("U · unable to be performed")}
"""The rating buttons' labels (English; translate where shown)."""


@dataclass
class Answer:
    """One cell's answer on one page. Attributes: rating (P/S/M/U or None), strengths, improvements."""

    rating: str | None = None
    strengths: str = ""
    improvements: str = ""

    @property
    def empty(self) -> bool:
        """Nothing was answered."""
        return self.rating is None and not self.strengths.strip() and not self.improvements.strip()


@dataclass(frozen=True)
class Page:
    """One page of the form: a cell and an objective (None: the general questions).

    Attributes:
        cell: the answering cell.
        objective: the objective id, or None.
        title: the heading.
        description: what the objective asks (or the general question).
    """

    cell: str
    objective: str | None
    title: str
    description: str


@dataclass
class HotwashForm:
    """The pages and the answers so far.

    Attributes:
        pages: cell by cell, the general page first, then one per objective.
        answers: by (cell, objective).
        index: the page shown.
    """

    pages: list[Page]
    answers: dict[tuple[str, str | None], Answer] = field(default_factory=dict)
    index: int = 0

    @classmethod
    def for_exercise(cls, exercise) -> "HotwashForm":
        """The form of an exercise: every cell a player held (every Dutch cell if nobody held one)."""
        scenario = exercise.scenario
        held = [c.id for c in exercise.cells.values() if c.held and not c.actor]
        cells = held or scenario.government_cells()
        pages = []
        for cell in cells:
            pages.append(Page(cell, None, _("{cell}: the exercise as a whole").format(cell=name_of(cell)),
                              _("What went well, and what should the organisation improve first?")))
            for objective in scenario.objectives:
                pages.append(Page(cell, objective.id, f"{name_of(cell)}: {objective.id}",
                                  shown(objective.description)))
        return cls(pages)

    @property
    def page(self) -> Page:
        """The page shown."""
        return self.pages[self.index]

    def answer(self, page: Page | None = None) -> Answer:
        """The answer on ``page`` (default: the page shown), created empty when first asked for."""
        page = page or self.page
        return self.answers.setdefault((page.cell, page.objective), Answer())

    def go(self, step: int) -> None:
        """Move ``step`` pages on (negative: back), staying within the form."""
        self.index = max(0, min(len(self.pages) - 1, self.index + step))

    def rate(self, rating: str | None) -> None:
        """Rate the page shown (the same rating again clears it)."""
        if rating is not None and rating not in HOTWASH_RATINGS:
            raise ValueError(f"rating {rating!r}: one of {', '.join(HOTWASH_RATINGS)}")
        answer = self.answer()
        answer.rating = None if answer.rating == rating else rating

    def answered(self) -> int:
        """How many pages have an answer."""
        return sum(1 for a in self.answers.values() if not a.empty)

    def records(self) -> list[dict]:
        """The answers given, page order, as the replay's hotwash records (without type and time)."""
        out = []
        for page in self.pages:
            answer = self.answers.get((page.cell, page.objective))
            if answer is None or answer.empty:
                continue
            out.append({"cell": page.cell, "objective": page.objective, "rating": answer.rating,
                        "strengths": answer.strengths.strip()[:HOTWASH_TEXT_MAX],
                        "improvements": answer.improvements.strip()[:HOTWASH_TEXT_MAX]})
        return out
