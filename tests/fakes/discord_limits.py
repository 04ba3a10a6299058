"""Discord's documented message limits, as the fake enforces them (400, code 50035).

Kept apart from the bot's own `bot.frontends.discord.limits` on purpose: the fake states
what Discord documents, so a wrong constant in the bot is caught, not copied. The error
shape is Discord's: {"code": 50035, "message": "Invalid Form Body", "errors": {...}}.
"""

from __future__ import annotations

from typing import Any

CONTENT_CHARS = 2000
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


def message_errors(body: dict[str, Any], file_count: int) -> dict[str, Any]:
    """The `errors` object Discord would answer for this message body; empty when valid."""
    errors: dict[str, Any] = {}
    if len(body.get("content") or "") > CONTENT_CHARS:
        errors["content"] = _too_long(CONTENT_CHARS)
    embeds = body.get("embeds") or []
    total = 0
    for index, embed in enumerate(embeds):
        found: dict[str, Any] = {}
        for key, limit in (("title", EMBED_TITLE_CHARS), ("description", EMBED_DESCRIPTION_CHARS)):
            total += len(embed.get(key) or "")
            if len(embed.get(key) or "") > limit:
                found[key] = _too_long(limit)
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS:
            found["fields"] = {
                "_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": "Must be 25 or fewer."}]
            }
        for number, item in enumerate(fields):
            total += len(item.get("name") or "") + len(item.get("value") or "")
            if len(item.get("value") or "") > FIELD_VALUE_CHARS:
                found.setdefault("fields", {})[str(number)] = {
                    "value": _too_long(FIELD_VALUE_CHARS)
                }
            if len(item.get("name") or "") > FIELD_NAME_CHARS:
                found.setdefault("fields", {})[str(number)] = {"name": _too_long(FIELD_NAME_CHARS)}
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


def invalid_form_body(errors: dict[str, Any]) -> dict[str, Any]:
    """Discord's 400 answer for a body over its limits."""
    return {"code": 50035, "message": "Invalid Form Body", "errors": errors}
