"""Settings: the shipped .env.example works as a .env, and tokens never show in reprs."""

import os
import subprocess
import sys
from pathlib import Path

from bot.config import (
    DEFAULT_CACHE_ENTRIES,
    DEFAULT_JOB_TIMEOUT,
    DEFAULT_QUEUE_SIZE,
    Settings,
    load_settings,
)
from bot.services.cooldown import Cooldown
from engine.audio.soundfont import find_soundfont

EXAMPLE = Path(__file__).parents[2] / ".env.example"


def test_a_copied_env_example_means_console_defaults(monkeypatch, tmp_path):
    for name in (
        "DISCORD_TOKEN",
        "TELEGRAM_TOKEN",
        "DISCORD_GUILD_ID",
        "SOUNDFONT_PATH",
        "WORKERS",
        "DATABASE_PATH",
    ):
        monkeypatch.delenv(name, raising=False)
    settings = Settings(_env_file=EXAMPLE)
    assert not settings.has_discord
    assert not settings.has_telegram
    assert settings.soundfont_path is None
    assert settings.discord_guild_id is None
    assert settings.workers >= 1
    assert settings.database_path == Path("data/melodybot.db")


def test_tokens_are_secret_in_reprs(tmp_path):
    env = tmp_path / ".env"
    env.write_text("DISCORD_TOKEN=abc.def.ghi\nTELEGRAM_TOKEN=123:XYZ\n")
    settings = Settings(_env_file=env)
    assert settings.has_discord and settings.has_telegram
    assert "abc.def.ghi" not in repr(settings)
    assert "123:XYZ" not in repr(settings)


def test_log_level_names_in_any_case_and_defaults_from_the_pool_and_cooldown():
    settings = Settings(_env_file=None, log_level=" debug ")
    assert settings.log_level == "DEBUG"
    assert (settings.job_timeout_seconds, settings.queue_size, settings.cache_entries) == (
        DEFAULT_JOB_TIMEOUT,
        DEFAULT_QUEUE_SIZE,
        DEFAULT_CACHE_ENTRIES,
    )
    assert (settings.cooldown_uses, settings.cooldown_seconds) == (
        Cooldown().uses,
        Cooldown().seconds,
    )


def test_an_unknown_log_level_is_one_line_from_the_launcher(tmp_path):
    env = {
        **os.environ,
        "LOG_LEVEL": "verbose",
        "DATABASE_PATH": str(tmp_path / "bot.db"),
        "DISCORD_TOKEN": "",
        "TELEGRAM_TOKEN": "",
    }
    result = subprocess.run(
        [sys.executable, "-m", "bot"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "melodybot: bad setting in the environment or .env: LOG_LEVEL: Input should be "
        "'DEBUG', 'INFO', 'WARNING', 'ERROR' or 'CRITICAL'"
    ]


def test_soundfont_path_from_the_environment_reaches_the_search(tmp_path, monkeypatch):
    chosen = tmp_path / "env.sf2"
    chosen.write_bytes(b"x")
    monkeypatch.setenv("SOUNDFONT_PATH", str(chosen))
    monkeypatch.chdir(tmp_path)  # no developer .env is read
    settings = load_settings()
    assert find_soundfont(settings.soundfont_path, project_dir=tmp_path / "none") == chosen
