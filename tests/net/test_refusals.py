"""The host refuses what a seat may not send — a wrong token, a cell's White command, a malformed message, a
flood — answers with an error, and keeps running for everyone else; TLS with a given certificate works."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path

import pytest

from sim.events import WHITE
from ui.net import protocol
from ui.net.client import SeatLink, client_tls
from ui.net.launch import new_host, server_tls

from conftest import RATE, SCENARIO, Recorder, wait_for


async def _refusals(tmp: Path) -> dict:
    hosting = new_host(SCENARIO, record=tmp / "r.jsonl", paused=False, rate=RATE, days=2)
    host = hosting.host
    port = await host.start("127.0.0.1", 0)
    url = f"ws://127.0.0.1:{port}"
    seats = host.seats.seats
    out: dict = {}

    wrong = Recorder()
    bad = SeatLink(url, "not-a-token-of-this-session", wrong, reconnect=False)
    await bad.run()
    out["wrong"] = (bad.failed, bad.connected)

    cell_rec = Recorder()
    cell = SeatLink(url, seats["intelligence"].token, cell_rec, reconnect=False)
    cell_task = asyncio.create_task(cell.run())
    await cell.wait_welcomed()
    for line in ("fire 1", "pause", "postpone 2 by=1d", "cell foreign-affairs", "actor_profile vostria risk=cautious"):
        await cell.send_line(line)
    await wait_for(lambda: sum("refused" in r for r in cell_rec.replies()) >= 5, what="five refusals")
    out["cell_replies"] = cell_rec.replies()
    out["paused_after_cell"] = host.session.paused

    for raw in ('{"type": "line"', '[1, 2]', '{"type": "line", "text": "x", "cell": "white"}',
                '{"type": "line", "text": 5}', '{"type": "teleport"}', '{"type": "line", "text": "' + "a" * 600 + '"}',
                '{"type": "ping", "id": NaN}'):
        await cell.send_raw(raw)
    await wait_for(lambda: len(cell_rec.of("error")) >= 7, what="seven error replies")
    out["errors"] = [m["message"] for m in cell_rec.of("error")]

    host.limit_rate, host.limit_burst = 5.0, 10  # a small bucket for the next seat, so the flood is quick to send
    flood_rec = Recorder()
    flooder = SeatLink(url, seats["municipality"].token, flood_rec, reconnect=False)
    flood_task = asyncio.create_task(flooder.run())
    await flooder.wait_welcomed()
    for i in range(300):
        if not await flooder.send({"type": "ping", "id": i}):
            break
    await wait_for(lambda: not flooder.connected or len(flood_rec.of("pong")) + host.status["municipality"].refused >= 300,
                   what="the flood to be answered or cut")
    out["pongs"] = len(flood_rec.of("pong"))
    out["flood_refused"] = host.status["municipality"].refused
    out["flood_errors"] = [m["message"] for m in flood_rec.of("error")]

    # The host goes on: White joins now and the exercise runs to its end.
    white_rec = Recorder()
    white = SeatLink(url, seats[WHITE].token, white_rec, reconnect=False)
    white_task = asyncio.create_task(white.run())
    await white.wait_welcomed()
    await wait_for(lambda: host.ended, timeout=30, what="the end")
    out["white_seats"] = white_rec.of("seats")[-1]["seats"] if white_rec.of("seats") else []
    out["ended"] = host.ended
    await host.stop()
    for link, task in ((cell, cell_task), (flooder, flood_task), (white, white_task)):
        await link.close()
        task.cancel()
    return out


@pytest.fixture(scope="module")
def refused(tmp_path_factory) -> dict:
    """One host, every kind of refusal sent at it."""
    return asyncio.run(_refusals(tmp_path_factory.mktemp("refusals")))


def test_a_wrong_token_is_refused(refused):
    """A token not on the seat sheet gets a final error and no welcome."""
    failed, connected = refused["wrong"]
    assert "unknown token" in failed
    assert not connected


def test_a_cell_cannot_give_whites_commands(refused):
    """fire, pause, postpone, cell switching and White's actor controls from a cell are refused with a reason."""
    replies = refused["cell_replies"]
    assert sum(1 for r in replies if r.startswith("refused:")) >= 5
    assert any("exercise control's" in r for r in replies)
    assert any("one place" in r for r in replies)
    assert refused["paused_after_cell"] is False


def test_malformed_messages_get_error_replies(refused):
    """Bad JSON, a non-object, an extra field, a wrong type, an unknown type, an overlong line, NaN: one error each."""
    errors = refused["errors"]
    assert len(errors) == 7
    assert errors[0].startswith("not JSON")
    assert "JSON object" in errors[1]
    assert errors[2].startswith("line.cell")
    assert errors[3].startswith("line.text")
    assert "teleport" in errors[4]
    assert errors[5].startswith("line.text") and "500" in errors[5]
    assert "NaN" in errors[6]


def test_a_flood_is_refused_and_the_host_goes_on(refused):
    """Past its burst a flooding seat is refused (and told so); White joins afterwards and the exercise ends."""
    assert refused["flood_refused"] > 0
    assert refused["pongs"] < 300
    assert any("too many messages" in e for e in refused["flood_errors"])
    assert refused["ended"]
    rows = {r["name"]: r for r in refused["white_seats"]}
    assert rows["municipality"]["refused"] > 0 and rows["intelligence"]["refused"] >= 5


def test_protocol_parse_errors_say_where():
    """The schema names the field: a hello without a token, a line with an about list too long."""
    with pytest.raises(protocol.ProtocolError, match="token"):
        protocol.parse_client_message('{"type": "hello"}')
    with pytest.raises(protocol.ProtocolError, match="about"):
        protocol.parse_client_message(json.dumps({"type": "line", "text": "x", "about": list(range(30))}))
    with pytest.raises(protocol.ProtocolError, match="binary"):
        protocol.parse_client_message(b"{}")
    assert protocol.parse_client_message('{"type": "line", "text": "status"}').text == "status"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


def test_tls_with_a_given_certificate(tmp_path):
    """With --cert the host speaks wss://; a console trusting that certificate joins, one that does not cannot."""
    cert, key = _self_signed(tmp_path)

    async def go():
        hosting = new_host(SCENARIO, record=tmp_path / "tls.jsonl", paused=True)
        port = await hosting.host.start("127.0.0.1", 0, server_tls(str(cert), str(key)))
        url = f"wss://localhost:{port}"
        token = hosting.host.seats.seats[WHITE].token
        good = SeatLink(url, token, Recorder(), tls=client_tls(url, str(cert)), reconnect=False)
        task = asyncio.create_task(good.run())
        await good.wait_welcomed()
        untrusting = SeatLink(url, token, Recorder(), tls=client_tls(url), reconnect=False)
        await untrusting.run()
        welcomed_without_trust = untrusting.joins
        await good.close()
        task.cancel()
        await hosting.host.stop()
        hosting.host.session.abandon()
        return good.joins, welcomed_without_trust

    assert asyncio.run(go()) == (1, 0)


def test_a_bad_certificate_is_one_line(tmp_path):
    """A certificate file that is not one gives a one-line error naming it."""
    bogus = tmp_path / "cert.pem"
    bogus.write_text("not a certificate\n")
    with pytest.raises(ValueError, match="cert.pem"):
        server_tls(str(bogus))
