"""The console's screens: briefing, main (play), end, and the replay viewer."""
