"""Tokens never reach the log: the launcher's handler masks them wherever they appear."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

from bot.logging_setup import MASK, RedactSecrets

REPO = Path(__file__).resolve().parents[2]
TOKEN = "123456:AAH-the-telegram-token"


def _logger(stream: io.StringIO) -> logging.Logger:
    """A logger of its own with one handler carrying the filter (the root stays untouched)."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets([TOKEN, ""]))
    logger = logging.getLogger("tests.redaction")
    logger.handlers = [handler]
    logger.propagate = False
    return logger


def test_a_token_in_the_message_its_arguments_or_a_traceback_comes_out_masked():
    stream = io.StringIO()
    log = _logger(stream)
    log.warning(f"GET https://api.telegram.org/bot{TOKEN}/getMe failed")
    log.warning("GET %s failed with %d", f"https://api.telegram.org/bot{TOKEN}/getMe", 401)
    try:
        raise ConnectionError(f"https://api.telegram.org/bot{TOKEN}/sendAudio")
    except ConnectionError:
        log.exception("posting failed")
    text = stream.getvalue()
    assert TOKEN not in text
    assert text.splitlines()[:2] == [
        f"WARNING tests.redaction: GET https://api.telegram.org/bot{MASK}/getMe failed",
        f"WARNING tests.redaction: GET https://api.telegram.org/bot{MASK}/getMe failed with 401",
    ]
    assert f"ConnectionError: https://api.telegram.org/bot{MASK}/sendAudio" in text


def test_a_token_in_other_letter_case_or_url_encoded_comes_out_masked():
    stream = io.StringIO()
    log = _logger(stream)
    log.warning("lower: %s", TOKEN.lower())
    log.warning("upper: %s", TOKEN.upper())
    log.warning("encoded: https://example.org/?t=%s", TOKEN.replace(":", "%3A"))
    log.warning("encoded lower hex: %s", TOKEN.replace(":", "%3a").lower())
    assert stream.getvalue().splitlines() == [
        f"WARNING tests.redaction: lower: {MASK}",
        f"WARNING tests.redaction: upper: {MASK}",
        f"WARNING tests.redaction: encoded: https://example.org/?t={MASK}",
        f"WARNING tests.redaction: encoded lower hex: {MASK}",
    ]


PROBE = """
import logging, os
from bot.logging_setup import configure_logging
configure_logging("info", [os.environ["TELEGRAM_TOKEN"]])
logging.getLogger("telegram.ext").error("Network error at /bot%s/getUpdates",
                                        os.environ["TELEGRAM_TOKEN"])
logging.getLogger("bot").info("token %s loaded", os.environ["TELEGRAM_TOKEN"])
"""


def test_the_launchers_logging_masks_every_logger():
    env = {**os.environ, "TELEGRAM_TOKEN": TOKEN}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60,
        check=True,
    )
    lines = [line.split(" ", 2)[2] for line in result.stderr.splitlines()]  # no timestamps
    assert lines == [
        f"ERROR telegram.ext: Network error at /bot{MASK}/getUpdates",
        f"INFO bot: token {MASK} loaded",
    ]
