"""The end screen's score, computed in the background and optional.

Scoring a replay re-simulates its counterfactual (the same seed with nobody
responding), which takes about as long as the run itself, so it runs in a
worker thread while the end screen stays live. If this installation has no
scoring module (or it fails), the end screen says so and shows the indicators
on their own: the console never depends on scoring to work.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

Line = tuple[str, bool]  # (text, emphasised)


def _scorer():
    try:
        from replays.counterfactual import score_replay
    except ImportError:
        return None
    return score_replay


def available() -> bool:
    """Whether scoring against the counterfactual is installed."""
    return _scorer() is not None


def score_lines(score: dict[str, Any]) -> list[Line]:
    """A few lines from :func:`replays.score.assemble`'s result."""
    lines: list[Line] = []
    overall, base = score.get("overall"), score.get("baseline_overall")
    if overall is not None and base is not None:
        lines.append((f"Overall {overall:.1f} / 100", True))
        lines.append((f"nobody responding: {base:.1f}; value added by the players {score.get('value_added', overall - base):+.1f}", False))
    for objective in score.get("objectives", []) or []:
        lines.append((f"{objective.get('id')}: {objective.get('score', 0):.0f} ({objective.get('rating', '?')}) · "
                      f"no response {objective.get('baseline_score', 0):.0f} ({objective.get('baseline_rating', '?')})", False))
    if score.get("complete") is False:
        lines.append(("(the run ended early: scored up to where it stopped)", False))
    return lines


class ScoreJob:
    """Score one replay in a daemon thread.

    Attributes:
        path: the replay.
        done: finished (successfully or not).
        lines: the score as lines, once done.
        error: why scoring failed, or "".
    """

    def __init__(self, path: str | Path, start: bool = True) -> None:
        self.path = Path(path)
        self.done = False
        self.lines: list[Line] = []
        self.error = ""
        self.score: dict[str, Any] | None = None
        self._thread: threading.Thread | None = None
        if start:
            self.start()

    def start(self) -> None:
        """Start the worker (no-op without a scorer)."""
        scorer = _scorer()
        if scorer is None:
            self.error = "scoring against the counterfactual is not installed"
            self.done = True
            return
        self._thread = threading.Thread(target=self._run, args=(scorer,), name="weerbaar-score", daemon=True)
        self._thread.start()

    def _run(self, scorer) -> None:
        try:
            result = scorer(str(self.path))
            score = result[0] if isinstance(result, tuple) else result
            self.score = score
            self.lines = score_lines(score)
        except Exception as exc:  # scoring is optional: report, never crash the console
            self.error = f"scoring failed: {exc}"
        finally:
            self.done = True

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the worker; returns whether it is done."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.done
