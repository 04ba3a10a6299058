"""Discord's documented message limits, as the fake enforces them (400, code 50035).

Content 2,000; up to 10 embeds with 6,000 characters in all (titles, descriptions, field
names and values, footers, author names); per embed a title of 256, a description of
4,096, 25 fields, field names of 1-256 and values of 1-1,024, a footer of 2,048, an author
name of 256; 10 attachments; custom_id 100.

Kept apart from the bot's own `bot.frontends.discord.limits` on purpose: the fake states
what Discord documents, so a wrong constant in the bot is caught, not copied. The error
shape is Discord's: {"code": 50035, "message": "Invalid Form Body", "errors": {...}}.
"""

from __future__ import annotations

from typing import Any

CONTENT_CHARS = 2000
EMBEDS = 10
EMBEDS_TOTAL_CHARS = 6000
EMBED_DESCRIPTION_CHARS = 4096
EMBED_TITLE_CHARS = 256
EMBED_FIELDS = 25
FIELD_NAME_CHARS = 256
FIELD_VALUE_CHARS = 1024
FOOTER_CHARS = 2048
AUTHOR_NAME_CHARS = 256
ATTACHMENTS = 10
CUSTOM_ID_CHARS = 100


def _too_long(limit: int) -> dict[str, Any]:
    return {
        "_errors": [
            {"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}
        ]
    }


def _between(limit: int) -> dict[str, Any]:
    return {
        "_errors": [
            {"code": "BASE_TYPE_BAD_LENGTH", "message": f"Must be between 1 and {limit} in length."}
        ]
    }


def _embed_errors(embed: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """The errors of one embed, and its characters as counted towards the 6,000."""
    found: dict[str, Any] = {}
    parts = {
        "title": (embed.get("title") or "", EMBED_TITLE_CHARS),
        "description": (embed.get("description") or "", EMBED_DESCRIPTION_CHARS),
        "footer": ((embed.get("footer") or {}).get("text") or "", FOOTER_CHARS),
        "author": ((embed.get("author") or {}).get("name") or "", AUTHOR_NAME_CHARS),
    }
    total = 0
    for key, (text, limit) in parts.items():
        total += len(text)
        if len(text) > limit:
            found[key] = (
                _too_long(limit)
                if key in ("title", "description")
                else {"text" if key == "footer" else "name": _too_long(limit)}
            )
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS:
        found["fields"] = {
            "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer."}]
        }
    for number, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        total += len(name) + len(value)
        wrong: dict[str, Any] = {}
        if not 1 <= len(name) <= FIELD_NAME_CHARS:
            wrong["name"] = _between(FIELD_NAME_CHARS)
        if not 1 <= len(value) <= FIELD_VALUE_CHARS:
            wrong["value"] = _between(FIELD_VALUE_CHARS)
        if wrong:
            found.setdefault("fields", {})[str(number)] = wrong
    return found, total


def message_errors(body: dict[str, Any], file_count: int) -> dict[str, Any]:
    """The `errors` object Discord would answer for this message body; empty when valid."""
    errors: dict[str, Any] = {}
    if len(body.get("content") or "") > CONTENT_CHARS:
        errors["content"] = _too_long(CONTENT_CHARS)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS:
        errors["embeds"] = {
            "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 10 or fewer."}]
        }
    total = 0
    for index, embed in enumerate(embeds):
        found, size = _embed_errors(embed)
        total += size
        if found:
            errors.setdefault("embeds", {})[str(index)] = found
    if total > EMBEDS_TOTAL_CHARS:
        errors.setdefault("embeds", {})["_errors"] = [
            {
                "code": "MAX_EMBED_SIZE_EXCEEDED",
                "message": "Embed size exceeds maximum size of 6000",
            }
        ]
    if file_count > ATTACHMENTS:
        errors["files"] = {
            "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 10 or fewer."}]
        }
    for row in body.get("components") or []:
        for component in row.get("components") or []:
            if len(component.get("custom_id") or "") > CUSTOM_ID_CHARS:
                errors["components"] = _too_long(CUSTOM_ID_CHARS)
    return errors


COMMAND_NAME_CHARS = 32
COMMAND_DESCRIPTION_CHARS = 100
COMMAND_OPTIONS = 25
OPTION_CHOICES = 25


def command_errors(commands: list[dict[str, Any]]) -> dict[str, Any]:
    """What Discord answers for a command sync over its limits: names of 1-32, descriptions
    of 1-100 characters, at most 25 options per command and 25 choices per option."""
    errors: dict[str, Any] = {}

    def check(where: str, item: dict[str, Any], *, described: bool) -> None:
        if not 1 <= len(item.get("name") or "") <= COMMAND_NAME_CHARS:
            errors[f"{where}.name"] = _between(COMMAND_NAME_CHARS)
        length = len(item.get("description") or "")
        if described and not 1 <= length <= COMMAND_DESCRIPTION_CHARS:
            errors[f"{where}.description"] = _between(COMMAND_DESCRIPTION_CHARS)
        options = item.get("options") or []
        if len(options) > COMMAND_OPTIONS:
            errors[f"{where}.options"] = _too_long(COMMAND_OPTIONS)
        if len(item.get("choices") or []) > OPTION_CHOICES:
            errors[f"{where}.choices"] = _too_long(OPTION_CHOICES)
        for number, option in enumerate(options):
            check(f"{where}.options.{number}", option, described=True)

    for index, command in enumerate(commands):  # context-menu commands (type 2, 3) have none
        check(str(index), command, described=command.get("type", 1) == 1)
    return errors


def invalid_form_body(errors: dict[str, Any]) -> dict[str, Any]:
    """Discord's 400 answer for a body over its limits."""
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
