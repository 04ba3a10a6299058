"""The launcher picks front ends from the tokens and imports chat libraries only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PROBE = """
import logging, sys
from bot.__main__ import configure_logging, front_ends
from bot.settings import Settings
configure_logging("INFO")
print(list(front_ends(Settings(_env_file=None, discord_token=None, telegram_token=None))))
print("discord" in sys.modules, "telegram" in sys.modules)
print(logging.getLogger("discord").level == logging.WARNING, logging.getLogger().level)
print(list(front_ends(Settings(_env_file=None, discord_token="x", telegram_token="y"))))
"""


def test_console_without_tokens_and_chat_libraries_only_with_them():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            cwd=REPO, timeout=120, check=True)
    lines = result.stdout.splitlines()
    assert lines[0] == "['console']"
    assert lines[1] == "False False"  # no chat library loaded for the console
    assert lines[2] == "True 20"  # library chatter quietened; INFO for the bot itself
    assert lines[3] == "['discord', 'telegram']"
