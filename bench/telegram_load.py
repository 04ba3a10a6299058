"""Telegram under load, through the loopback Bot API (`tests/fakes/telegram_api.py`).

The real bot (python-telegram-bot over HTTP on 127.0.0.1, with AIORateLimiter)
runs with the real worker pool (FluidSynth, ffmpeg). Printed and written to
bench/RESULTS.md under "## Telegram":

- `/melody` (16 bars) from 32 private chats queued at once: time to the "composing"
  chat action and to the last post (the piano roll), p50 and p95, in seconds;
  throughput in melodies per second;
- a 4-item game in one group: 40 votes (10 members × 4 items) pressed at once:
  time from the press to its answered callback query, p50 and p99, in ms; and how
  many edits of the status message they cost.

Run: .venv/bin/python bench/telegram_load.py [--count 32] [--bars 16] [--no-write]
"""

from __future__ import annotations

import asyncio
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _results import load_bench_main, percentile  # noqa: E402  (after the path setup)
from pydantic import SecretStr  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.frontends.telegram import serve  # noqa: E402
from bot.wiring import open_services, worker_pool  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramApi  # noqa: E402

HEADING = "## Telegram"
TOKEN = "42:bench-token"  # noqa: S105 — a made-up token for the loopback fake
GROUP = -100900
VOTERS = 10


async def _melodies(api: FakeTelegramApi, count: int, bars: int) -> dict[str, float]:
    chats = [1000 + i for i in range(count)]
    queued = {}
    for chat in chats:
        queued[chat] = time.monotonic()
        await api.send_text(chat, chat, f"/melody bars:{bars} seed:{chat}")
    await api.wait_for("sendPhoto", lambda r: r.chat_id in queued, count=count, timeout=900)
    action = {r.chat_id: r.at for r in api.calls("sendChatAction")}
    posted = {r.chat_id: r.at for r in api.calls("sendPhoto")}
    acks = [action[c] - queued[c] for c in chats]
    done = [posted[c] - queued[c] for c in chats]
    return {
        "ack_p50_s": percentile(acks, 50),
        "ack_p95_s": percentile(acks, 95),
        "done_p50_s": percentile(done, 50),
        "done_p95_s": percentile(done, 95),
        "throughput": count / (max(posted.values()) - min(queued.values())),
    }


async def _votes(api: FakeTelegramApi) -> dict[str, float]:
    await api.send_text(GROUP, 1, "/guess start items:4 minutes:30")
    await api.wait_for(
        "sendMessage",
        lambda r: r.chat_id == GROUP and "0 members have voted" in r.text,
        timeout=300,
    )
    items = api.calls("sendAudio", GROUP)
    pressed = {}
    for item in items:
        message = api.sent_message(item)
        ai = next(b["callback_data"] for b in item.buttons if b["text"] == "AI")
        for voter in range(VOTERS):
            pressed[await api.press(2000 + voter, message, ai)] = time.monotonic()
    answers = await api.wait_for("answerCallbackQuery", count=len(pressed), timeout=300)
    await api.wait_for(
        "editMessageText", lambda r: f"{VOTERS} members have voted" in r.text, timeout=60
    )
    latency = [(r.at - pressed[r.fields["callback_query_id"]]) * 1000 for r in answers]
    return {
        "votes": len(pressed),
        "vote_p50_ms": percentile(latency, 50),
        "vote_p99_ms": percentile(latency, 99),
        "status_edits": len(api.calls("editMessageText", GROUP)),
    }


async def run(count: int, bars: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            telegram_token=SecretStr(TOKEN),
            _env_file=None,
            cache_entries=0,
            cooldown_uses=1000,
            cooldown_seconds=1,
            database_path=Path(folder) / "bench.db",
        )
        async with (
            worker_pool(settings) as pool,
            open_services(pool, settings) as services,
            FakeTelegramApi(TOKEN) as api,
        ):
            stop = asyncio.Event()
            bot = asyncio.create_task(
                serve(services, stop, base_url=api.base_url, base_file_url=api.base_file_url)
            )
            await api.wait_for("deleteWebhook")
            figures = await _melodies(api, count, bars)
            figures |= await _votes(api)
            stop.set()
            await bot
    return figures | {"count": count, "bars": bars, "workers": settings.workers}


def _section(f: dict[str, float]) -> str:
    return (
        f"{HEADING}\n\n"
        f"`bench/telegram_load.py`: {f['count']:.0f} `/melody` commands of {f['bars']:.0f} bars "
        f"from as many private chats, queued at once on the loopback Bot API "
        f"(`tests/fakes/telegram_api.py`); then {f['votes']:.0f} votes pressed at once in one "
        f"game. Real python-telegram-bot (AIORateLimiter on) and pool ({f['workers']:.0f} "
        f"workers, cache off), {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}.\n\n"
        "| figure | value |\n|---|---|\n"
        f'| queued → "composing" chat action, p50 / p95 | {f["ack_p50_s"]:.2f} / '
        f"{f['ack_p95_s']:.2f} s |\n"
        f"| queued → piano roll posted (last of 4 posts), p50 / p95 | {f['done_p50_s']:.1f} / "
        f"{f['done_p95_s']:.1f} s |\n"
        f"| throughput | {f['throughput']:.2f} melodies/s |\n"
        f"| vote press → callback answered, p50 / p99 | {f['vote_p50_ms']:.0f} / "
        f"{f['vote_p99_ms']:.0f} ms |\n"
        f"| status-message edits for {f['votes']:.0f} votes | {f['status_edits']:.0f} |\n"
    )


if __name__ == "__main__":
    load_bench_main(__doc__, run, _section)
