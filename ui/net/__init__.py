"""The networked session: one host with the exercise, consoles that join it as seats.

A host (:mod:`ui.net.host`) runs the one :class:`~sim.exercise.Exercise`, its clock and its replay,
exactly as ``weerbaar play`` does (it drives a :class:`~ui.console.session.LiveSession`); consoles
join over a WebSocket as seats (:mod:`ui.net.seats`: a cell, White, an observer or an evaluator) and
receive only what their seat may see — the fog is enforced at the host, never on the client.

Modules, one role each:

* :mod:`ui.net.protocol` — the messages and their schema (every client message is checked);
* :mod:`ui.net.seats` — seats, join tokens, the seat file and the seat sheet;
* :mod:`ui.net.ratelimit` — a token bucket per connection;
* :mod:`ui.net.roles` — what each role may type (a cell cannot give White's commands);
* :mod:`ui.net.host` — the host: the clock, the fan-out of events, joins and rejoins;
* :mod:`ui.net.client` — a seat's connection: hello, catch-up from the last sequence number, reconnect.

The console side of a seat (the mirror of what the host sends) is :mod:`ui.console.remote`.
"""
