"""docs/DISCORD.md tells an admin every permission the bot checks, and how to copy the ID."""

from __future__ import annotations

from pathlib import Path

from bot.frontends.discord.permissions import CHANNEL_POSTING, EDITING, THREAD_POSTING

GUIDE = Path(__file__).parents[4] / "docs" / "DISCORD.md"


def test_the_guide_lists_every_permission_the_bot_asks_for_by_name():
    text = GUIDE.read_text(encoding="utf-8")
    for name in {**CHANNEL_POSTING, **THREAD_POSTING, **EDITING}.values():
        assert f"**{name}**" in text, name
    assert "**Copy Server ID**" in text and "Developer Mode" in text
