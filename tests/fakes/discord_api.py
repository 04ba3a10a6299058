"""A loopback fake of Discord: enough REST and Gateway for discord.py to run its own code.

The real discord.py client is pointed at it through `discord.http.Route.BASE` (REST) and
`discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (Gateway, JSON text frames, no compression).
It answers login, application info, command sync, interaction callbacks, follow-up webhooks
(multipart with files), message edits and channel messages, and it dispatches
INTERACTION_CREATE events built by `slash`, `click` and `select`. Every request is recorded
with its files in `requests`; messages the bot posted are kept in `messages` with their
attachments' bytes in `files`.

Usage:
    async with FakeDiscord() as fake:
        fake.point_discord_py_here(monkeypatch)
        ...  # start the bot
        await fake.wait_ready()
        sent = await fake.slash("melody", {"key": "D"})
        reply = await fake.wait_for_followup(sent)
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from typing import Any

import yarl
from aiohttp import WSMsgType, web

from tests.fakes.discord_limits import command_errors, invalid_form_body, message_errors
from tests.fakes.discord_payloads import (
    APPLICATION_COMMAND,
    APPLICATION_ID,
    AUTOCOMPLETE,
    BUTTON,
    CHANNEL_ID,
    CHANNEL_MESSAGE,
    DEFAULT_ATTACHMENT_LIMIT,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    EPHEMERAL_FLAG,
    GUILD_ID,
    HEARTBEAT_INTERVAL_MS,
    MEMBER_PERMISSIONS,
    MESSAGE_COMPONENT,
    OPTION_ATTACHMENT,
    OPTION_STRING,
    OPTION_SUB_COMMAND,
    STRING_SELECT,
    UPDATE_MESSAGE,
    RecordedFile,
    RecordedRequest,
    SentInteraction,
    bot_user,
    command_option,
    interaction_payload,
    member,
    now_iso,
    user,
)

__all__ = [  # what tests import from here
    "CHANNEL_ID",
    "CHANNEL_MESSAGE",
    "DEFERRED_CHANNEL_MESSAGE",
    "DEFERRED_UPDATE",
    "EPHEMERAL_FLAG",
    "GUILD_ID",
    "UPDATE_MESSAGE",
    "FakeDiscord",
    "RecordedFile",
    "RecordedRequest",
    "SentInteraction",
]

API_PREFIX = "/api/v10"
VIEW_CHANNEL = 1 << 10
INVALID_FORM_BODY = 50035  # Discord's code for a body over its limits
CHANNEL_POSTING = VIEW_CHANNEL | (1 << 11)  # View Channel, Send Messages


def _json(data: Any, status: int = 200) -> web.Response:
    # Exactly "application/json", no charset: discord.py compares the header verbatim.
    return web.Response(
        body=json.dumps(data).encode(), status=status, headers={"Content-Type": "application/json"}
    )


class FakeDiscord:
    """An aiohttp server on 127.0.0.1 speaking enough of Discord's REST and Gateway APIs."""

    def __init__(
        self,
        attachment_size_limit: int = DEFAULT_ATTACHMENT_LIMIT,
        *,
        valid_token: str | None = None,
    ) -> None:
        """`valid_token`: when given, calls with another bot token get 401, as Discord's do."""
        self.attachment_size_limit = attachment_size_limit
        # The bot's permissions in the channel: sent with each interaction, and enforced on
        # the channel routes (403 / 50013 without View Channel and Send Messages).
        self.app_permissions = MEMBER_PERMISSIONS
        self.expired_tokens: set[str] = set()  # interactions older than Discord's 15 minutes
        self.valid_token = valid_token
        self.requests: list[RecordedRequest] = []
        self.interactions: dict[str, SentInteraction] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.files: dict[int, bytes] = {}
        self.commands: dict[int | None, list[dict[str, Any]]] = {}
        self.identify_count = 0
        self.identified_tokens: list[str] = []
        self.identified_intents: list[int] = []
        self.identified_shards: list[list[int] | None] = []  # [shard id, count] per IDENTIFY
        self.shard_count = 1  # what GET /gateway/bot recommends
        self._ids = itertools.count(1_100_000_000_000_000_000)
        self._original: dict[str, int] = {}  # interaction token -> original response message id
        # (method, first path part) -> (HTTP status, Discord error body) for the next such call
        self._refusals: dict[tuple[str, str], tuple[int, dict[str, Any]]] = {}
        self._socket: web.WebSocketResponse | None = None
        self._sequence = 0
        self._ready = asyncio.Event()
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ----- lifecycle -------------------------------------------------------------------------
    async def __aenter__(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{id}/{filename}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._socket is not None:
            await self._socket.close()
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """What `discord.http.Route.BASE` must be set to."""
        return self.base_url + API_PREFIX

    @property
    def gateway_url(self) -> yarl.URL:
        """What `discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` must be set to."""
        return yarl.URL(f"ws://127.0.0.1:{self.port}/gateway")

    def point_discord_py_here(self, monkeypatch: Any) -> None:
        """Point discord.py's REST and Gateway base URLs at this fake (pytest monkeypatch)."""
        import discord.gateway
        import discord.http

        monkeypatch.setattr(discord.http.Route, "BASE", self.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", self.gateway_url)

    async def wait_ready(self, timeout: float = 30) -> None:  # noqa: ASYNC109 - a deadline callers pass on
        """Wait until a client has identified and received READY."""
        await asyncio.wait_for(self._ready.wait(), timeout)

    # ----- gateway ---------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._socket = socket
        await socket.send_json({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
        async for frame in socket:
            if frame.type is not WSMsgType.TEXT:
                break
            message = json.loads(frame.data)
            if message["op"] == 1:  # heartbeat
                await socket.send_json({"op": 11})
            elif message["op"] == 2:  # identify
                self.identify_count += 1
                self.identified_tokens.append(message["d"]["token"])
                self.identified_intents.append(int(message["d"]["intents"]))
                self.identified_shards.append(message["d"].get("shard"))
                await self._send_ready(socket, message["d"].get("shard"))
            elif message["op"] == 6:  # resume
                await self._send(socket, "RESUMED", {})
                self._ready.set()
        if self._socket is socket:
            self._socket = None
            self._ready.clear()
        return socket

    async def _send_ready(
        self, socket: web.WebSocketResponse, shard: list[int] | None = None
    ) -> None:
        # Discord echoes the identified [shard id, count]; AutoShardedClient reads it.
        await self._send(
            socket,
            "READY",
            {
                **({"shard": shard} if shard else {}),
                "v": 10,
                "user": bot_user(),
                "guilds": [],
                "session_id": f"session-{next(self._ids)}",
                "resume_gateway_url": str(self.gateway_url),
                "application": {"id": str(APPLICATION_ID), "flags": 0},
            },
        )
        self._ready.set()

    async def _send(self, socket: web.WebSocketResponse, event: str, data: dict) -> None:
        self._sequence += 1
        await socket.send_json({"op": 0, "t": event, "s": self._sequence, "d": data})

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one dispatch event to the connected client."""
        await self.wait_ready()
        assert self._socket is not None
        await self._send(self._socket, event, data)

    # ----- users, members, messages -------------------------------------------------------------
    @staticmethod
    def member(user_id: int, name: str, manage_guild: bool = False) -> dict[str, Any]:
        """A guild member payload; `manage_guild` grants Manage Server."""
        return member(user_id, name, manage_guild)

    def _new_message(
        self, channel_id: int, body: dict[str, Any], files: list[RecordedFile]
    ) -> dict[str, Any]:
        message = {
            "id": str(next(self._ids)),
            "channel_id": str(channel_id),
            "author": bot_user(),
            "content": body.get("content") or "",
            "timestamp": now_iso(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": self._store_files(files),
            "pinned": False,
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "type": 0,
            "flags": body.get("flags") or 0,
        }
        self.messages[int(message["id"])] = message
        return message

    def _store_files(self, files: list[RecordedFile]) -> list[dict[str, Any]]:
        attachments = []
        for file in files:
            attachment_id = next(self._ids)
            self.files[attachment_id] = file.data
            url = f"{self.base_url}/attachments/{attachment_id}/{file.filename}"
            attachments.append(
                {
                    "id": str(attachment_id),
                    "filename": file.filename,
                    "size": len(file.data),
                    "url": url,
                    "proxy_url": url,
                    "content_type": file.content_type,
                }
            )
        return attachments

    def _edit_message(
        self, message_id: int, body: dict[str, Any], files: list[RecordedFile]
    ) -> dict[str, Any]:
        message = self.messages[message_id]
        for key in ("content", "embeds", "components", "flags"):
            if key in body:
                message[key] = body[key] if body[key] is not None else message[key]
        if "attachments" in body or files:
            keep = {str(a.get("id")) for a in body.get("attachments") or []}
            kept = [a for a in message["attachments"] if a["id"] in keep]
            message["attachments"] = kept + self._store_files(files)
        message["edited_timestamp"] = now_iso()
        return message

    def add_upload(self, filename: str, data: bytes, content_type: str = "audio/midi") -> dict:
        """An attachment a member uploads (for attachment options), served by this fake."""
        return self._store_files([RecordedFile("upload", filename, content_type, data)])[0]

    async def _attachment(self, request: web.Request) -> web.Response:
        data = self.files.get(int(request.match_info["id"]))
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data)

    # ----- REST ------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body, files = await self._read_body(request)
        record = RecordedRequest(
            request.method,
            path,
            dict(request.query),
            body,
            files,
            time.perf_counter(),
            request.headers.get("Authorization", ""),
        )
        self.requests.append(record)
        if self._refused(record.authorization):
            return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        parts = path.strip("/").split("/")
        if parts[0] in ("webhooks", "interactions") and len(parts) > 2:
            token = parts[2]
            if token in self.expired_tokens:
                return _json({"message": "Invalid Webhook Token", "code": 50027}, status=401)
            if token in self.interactions:
                self.interactions[token].requests.append(record)
        try:
            refusal = self._injected(request.method, parts) or self._over_limits(
                request.method, parts, body, files
            )
            response = refusal or self._route(request.method, parts, body or {}, files)
            if response.body and response.content_type == "application/json":
                record.response = json.loads(response.body)  # type: ignore[arg-type]
        finally:
            async with self._changed:
                self._changed.notify_all()
        return response

    def refuse_next(self, method: str, route: str, status: int, code: int, message: str) -> None:
        """Make the next `method` call under /`route` (e.g. "webhooks") fail as Discord can:
        413 / 40005 "Request entity too large", 403 / 50013 "Missing Permissions"."""
        self._refusals[(method, route)] = (status, {"message": message, "code": code})

    def _injected(self, method: str, parts: list[str]) -> web.Response | None:
        refusal = self._refusals.pop((method, parts[0]), None)
        return None if refusal is None else _json(refusal[1], status=refusal[0])

    @staticmethod
    def _over_limits(
        method: str, parts: list[str], body: Any, files: list[RecordedFile]
    ) -> web.Response | None:
        """Discord's 400/50035 for a message over its documented limits, else None."""
        if method not in ("POST", "PATCH") or not isinstance(body, dict):
            return None
        message = body.get("data") if parts[-1:] == ["callback"] else body
        if not isinstance(message, dict):
            return None
        errors = message_errors(message, len(files))
        if not errors:
            return None
        return _json(invalid_form_body(errors), status=400)

    def _refused(self, authorization: str) -> bool:
        """A bot token other than `valid_token` (webhook calls carry none and pass)."""
        return (
            self.valid_token is not None
            and authorization.startswith("Bot ")
            and authorization != f"Bot {self.valid_token}"
        )

    async def _read_body(self, request: web.Request) -> tuple[Any, list[RecordedFile]]:
        if not request.can_read_body:
            return None, []
        if request.content_type.startswith("multipart/"):
            body: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":
                    body = json.loads(data)
                else:
                    files.append(
                        RecordedFile(
                            part.name or "",
                            part.filename or "",  # type: ignore[union-attr]
                            part.headers.get("Content-Type", "application/octet-stream"),
                            bytes(data),
                        )
                    )
            return body, files
        text = await request.text()
        return (json.loads(text) if text else None), []

    def _route(
        self, method: str, parts: list[str], body: Any, files: list[RecordedFile]
    ) -> web.Response:
        match (method, parts):
            case ("GET", ["gateway", "bot"]):  # what AutoShardedClient asks before connecting
                limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
                return _json(
                    {
                        "url": str(self.gateway_url),
                        "shards": self.shard_count,
                        "session_start_limit": limit,
                    }
                )
            case ("GET", ["users", "@me"]):
                return _json(bot_user())
            case ("GET", ["oauth2", "applications", "@me"]):
                return _json(self._application_info())
            case ("PUT", ["applications", _, "commands", *_]) | (
                "PUT",
                ["applications", _, "guilds", _, "commands"],
            ) if errors := command_errors(body):
                return _json(invalid_form_body(errors), status=400)
            case ("PUT", ["applications", _, "commands"]):
                return _json(self._sync(None, body))
            case ("PUT", ["applications", _, "guilds", guild_id, "commands"]):
                return _json(self._sync(int(guild_id), body))
            case ("POST", ["interactions", _, token, "callback"]):
                return self._callback(token, body, files)
            case ("POST", ["webhooks", _, token]):
                interaction = self.interactions[token]
                channel_id = int(interaction.payload.get("channel_id", CHANNEL_ID))
                return _json(self._new_message(channel_id, body, files))
            case ("GET", ["webhooks", _, token, "messages", "@original"]):
                return _json(self.messages[self._original[token]])
            case ("PATCH", ["webhooks", _, token, "messages", message]):
                message_id = self._original[token] if message == "@original" else int(message)
                return _json(self._edit_message(message_id, body, files))
            case ("DELETE", ["webhooks", _, token, "messages", message]):
                message_id = self._original[token] if message == "@original" else int(message)
                self.messages.pop(message_id, None)
                return web.Response(status=204)
            case ("POST", ["channels", channel_id, "messages"]):
                if self.app_permissions & CHANNEL_POSTING != CHANNEL_POSTING:
                    return _json({"message": "Missing Permissions", "code": 50013}, status=403)
                return _json(self._new_message(int(channel_id), body, files))
            case ("PATCH", ["channels", _, "messages", message_id]):
                if not self.app_permissions & VIEW_CHANNEL:
                    return _json({"message": "Missing Access", "code": 50001}, status=403)
                return _json(self._edit_message(int(message_id), body, files))
        return _json({"message": "404: Not Found (fake)", "code": 0}, status=404)

    def _application_info(self) -> dict[str, Any]:
        return {
            "id": str(APPLICATION_ID),
            "name": "melodybot",
            "description": "",
            "icon": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": user(1, "owner"),
            "verify_key": "0" * 64,
            "flags": 0,
            "summary": "",
            "team": None,
        }

    def _sync(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict]:
        synced = [
            {
                **c,
                "id": str(next(self._ids)),
                "application_id": str(APPLICATION_ID),
                "version": "1",
                **({"guild_id": str(guild_id)} if guild_id else {}),
            }
            for c in commands
        ]
        self.commands[guild_id] = synced
        return synced

    def _callback(
        self, token: str, body: dict[str, Any], files: list[RecordedFile]
    ) -> web.Response:
        interaction = self.interactions[token]
        kind = body["type"]
        data = body.get("data") or {}
        channel_id = int(interaction.payload.get("channel_id", CHANNEL_ID))
        message: dict[str, Any] | None = None
        if kind in (CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE):
            message = self._new_message(channel_id, data, files)
            self._original[token] = int(message["id"])
        elif kind in (DEFERRED_UPDATE, UPDATE_MESSAGE) and "message" in interaction.payload:
            message_id = int(interaction.payload["message"]["id"])
            self._original[token] = message_id
            if kind == UPDATE_MESSAGE:
                message = self._edit_message(message_id, data, files)
        flags = int(data.get("flags") or 0)
        answer: dict[str, Any] = {
            "interaction": {
                "id": str(interaction.id),
                "type": interaction.payload["type"],
                "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
                "response_message_ephemeral": bool(flags & EPHEMERAL_FLAG),
            }
        }
        if message is not None:
            answer["interaction"]["response_message_id"] = message["id"]
            answer["resource"] = {"type": kind, "message": message}
        return _json(answer)

    # ----- interactions ----------------------------------------------------------------------
    def _interaction(
        self,
        kind: int,
        data: dict[str, Any],
        who: dict[str, Any] | None,
        message: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        payload = interaction_payload(
            self._ids, kind, data, who, message, self.attachment_size_limit
        )
        payload["app_permissions"] = str(self.app_permissions)
        return payload

    async def _send_interaction(self, payload: dict[str, Any]) -> SentInteraction:
        sent = SentInteraction(int(payload["id"]), payload["token"], payload, 0.0)
        self.interactions[sent.token] = sent
        sent.dispatched_at = time.perf_counter()
        await self.dispatch("INTERACTION_CREATE", payload)
        return sent

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        subcommand: str | None = None,
        member: dict[str, Any] | None = None,
        attachments: dict[str, dict] | None = None,
    ) -> SentInteraction:
        """Dispatch a slash command; `attachments` maps option names to `add_upload` results."""
        opts = [command_option(k, v) for k, v in (options or {}).items()]
        resolved: dict[str, Any] = {}
        for option_name, attachment in (attachments or {}).items():
            opts.append({"name": option_name, "type": OPTION_ATTACHMENT, "value": attachment["id"]})
            resolved.setdefault("attachments", {})[attachment["id"]] = attachment
        if subcommand is not None:
            opts = [{"name": subcommand, "type": OPTION_SUB_COMMAND, "options": opts}]
        data: dict[str, Any] = {
            "id": str(next(self._ids)),
            "name": name,
            "type": 1,
            "options": opts,
        }
        if resolved:
            data["resolved"] = resolved
        return await self._send_interaction(self._interaction(APPLICATION_COMMAND, data, member))

    async def autocomplete(
        self,
        name: str,
        focused: str,
        value: str,
        member: dict[str, Any] | None = None,
        *,
        subcommand: str | None = None,
    ) -> SentInteraction:
        """Dispatch an autocomplete request for option `focused` of command `name`.

        Discord sends what was typed as a string, whatever the option's type.
        """
        option = {"name": focused, "type": OPTION_STRING, "value": value, "focused": True}
        options = [option]
        if subcommand is not None:
            options = [{"name": subcommand, "type": OPTION_SUB_COMMAND, "options": options}]
        data = {"id": str(next(self._ids)), "name": name, "type": 1, "options": options}
        return await self._send_interaction(self._interaction(AUTOCOMPLETE, data, member))

    async def click(
        self, message: dict[str, Any], custom_id: str, member: dict[str, Any] | None = None
    ) -> SentInteraction:
        """Press the button `custom_id` on a message the bot posted."""
        data = {"custom_id": custom_id, "component_type": BUTTON}
        payload = self._interaction(MESSAGE_COMPONENT, data, member, message)
        return await self._send_interaction(payload)

    async def select(
        self,
        message: dict[str, Any],
        custom_id: str,
        values: list[str],
        member: dict[str, Any] | None = None,
    ) -> SentInteraction:
        """Choose `values` in the string select `custom_id` on a message the bot posted."""
        data = {"custom_id": custom_id, "component_type": STRING_SELECT, "values": values}
        payload = self._interaction(MESSAGE_COMPONENT, data, member, message)
        return await self._send_interaction(payload)

    # ----- waiting ---------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 60) -> Any:  # noqa: ASYNC109 - a deadline callers pass on
        """Wait until `predicate()` is truthy (checked after every request); return its value."""

        async def _wait() -> Any:
            async with self._changed:
                while not (result := predicate()):
                    await self._changed.wait()
                return result

        return await asyncio.wait_for(_wait(), timeout)

    async def wait_for_callback(self, sent: SentInteraction, timeout: float = 30) -> dict:  # noqa: ASYNC109 - a deadline callers pass on
        """The interaction's callback body (the ack)."""
        record = await self.wait_for(lambda: sent.callback, timeout)
        return record.json

    async def wait_for_followup(
        self,
        sent: SentInteraction,
        count: int = 1,
        timeout: float = 120,  # noqa: ASYNC109 - a deadline callers pass on
    ) -> RecordedRequest:
        """The `count`-th follow-up message of an interaction."""
        await self.wait_for(lambda: len(sent.followups) >= count, timeout)
        return sent.followups[count - 1]

    def original_message(self, sent: SentInteraction) -> dict[str, Any] | None:
        """The interaction's original response message as it stands now."""
        message_id = self._original.get(sent.token)
        return None if message_id is None else self.messages.get(message_id)

    def message_of(self, record: RecordedRequest) -> dict[str, Any]:
        """The message a follow-up or channel POST created, as it stands now (after edits)."""
        return self.messages[int(record.response["id"])]

    def over_limits(self) -> list[RecordedRequest]:
        """Requests refused as over Discord's limits (400, code 50035), in order."""
        return [
            r
            for r in self.requests
            if isinstance(r.response, dict) and r.response.get("code") == INVALID_FORM_BODY
        ]

    def channel_posts(self) -> list[RecordedRequest]:
        """Messages the bot posted to channels directly (not through an interaction)."""
        return [r for r in self.requests if r.method == "POST" and r.path.startswith("/channels/")]

    async def close_gateway(self) -> None:
        """Drop the Gateway connection (the client will reconnect or resume)."""
        if self._socket is not None:
            with contextlib.suppress(Exception):
                await self._socket.close()
