"""Platform-neutral services the front ends call; `Services` bundles them for the adapters.

Public API: `Services`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.services.games.service import GameService
    from bot.services.melody import MelodyService


@dataclass
class Services:
    """What every front end's `serve(services, stop)` gets: settings and the shared services."""

    settings: Settings
    melody: MelodyService
    games: GameService
