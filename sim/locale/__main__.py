"""``python -m sim.locale``: bring the Dutch catalogue up to date with the source."""

from sim.locale import update

print(update("nl"))
