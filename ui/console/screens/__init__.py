"""The console's screens: briefing, main (play), hot wash, end, and the replay viewer.

Screens never import each other: one asks the app for the next by name
(``app.navigate("end", session)``), and :data:`SCREENS` says which class that is.
"""

from __future__ import annotations

from ui.console.screens.briefing import BriefingScreen
from ui.console.screens.end import EndScreen
from ui.console.screens.hotwash import HotwashScreen
from ui.console.screens.main import MainScreen
from ui.console.screens.replay import ReplayScreen

SCREENS = {"briefing": BriefingScreen, "main": MainScreen, "hotwash": HotwashScreen, "end": EndScreen,
           "replay": ReplayScreen}
"""Screen classes by the name screens navigate with."""
