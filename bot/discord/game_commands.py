"""Placeholder until bot.services.games exists."""

from __future__ import annotations

from discord import app_commands

GAME_DYNAMIC_ITEMS: tuple = ()


class GameAdapter:
    def __init__(self, client) -> None:
        self.client = client

    def listen(self) -> None:
        pass


def guess_group(games: GameAdapter) -> app_commands.Group:
    return app_commands.Group(name="guess", description="AI or human? listening games.")
