"""When does strong evidence arrive? (docs/balance.md, "When strong evidence arrives")

For each bundled scenario whose MSEL asks for an attribution decision: the attributing cell's
confidence in the real actor when that inject fires (in the sound run), with the sound playbook, the
sound playbook without its investigations, and nobody responding; mean over seeds 1-5, and the first
day each seed reaches 0.9. Not a timing benchmark: a measurement of the attribution model's calibration.

    python benchmarks/attribution_timing.py [SCENARIO ...]
"""
import sys, statistics
from sim.exercise import Exercise
from sim.scenario import load_scenario
from replays.runner import commands_from_file, drive
import scenarios
ids = sys.argv[1:] or sorted(scenarios.bundled())
SEEDS = [1, 2, 3, 4, 5]
for sid in ids:
    loaded = load_scenario(scenarios.bundled()[sid]); sc = loaded.scenario
    timed = commands_from_file(scenarios.commands_for(sid), sc)
    cell = next(c for c, spec in sc.cells.items() if "public_attribution" in spec.actions)
    state = next(a.id for a in sc.actors if a.kind == "state_actor")
    asks = [i.no for i in sc.msel if "public_attribution" in i.expected_action or "joint statement" in i.expected_action or "attribution with partners" in i.expected_action]
    if not asks:
        print(f"{sid}: no inject asks for an attribution decision"); continue
    res = {}
    when_sound = {}
    for label, cmds, held in (("sound", timed, None), ("no-investigation", [c for c in timed if not c.text.startswith("investigate")], None), ("nobody", [], list(sc.cells))):
        at, first = [], []
        for seed in SEEDS:
            players = held if held is not None else sorted({c.cell for c in timed if c.cell != "white"})
            ex = Exercise(loaded, seed=seed, players=players)
            trace = []
            drive(ex, cmds, ex.end, lambda now: trace.append((now, ex.evidence.confidence(cell, state))), step_hours=6)
            fired = [e.t for e in ex.log if e.kind == "inject.fired" and e.payload.get("no") in asks]
            t = fired[0] if fired else when_sound.get(seed, ex.end)
            if label == "sound": when_sound[seed] = t
            at.append(max([c for (u, c) in trace if u <= t] or [0.0]))
            f = next((u for (u, c) in trace if c >= 0.9), None)
            first.append(None if f is None else round(f / 24 + 1))
        res[label] = (statistics.mean(at), sum(1 for a in at if a >= 0.9), first)
    days = [round(t / 24 + 1, 1) for t in when_sound.values()]
    print(f"{sid}: decision inject(s) {asks} fire on day {days} ({cell}: confidence in {state})")
    for k, (m, n, first) in res.items():
        print(f"   {k:17s} at the decision {m:.2f} (>= 0.9 in {n}/5 seeds); first day >= 0.9: {first}")
