"""A loopback fake of the Telegram Bot API, for tests of the real python-telegram-bot code.

An aiohttp server on 127.0.0.1 that the real `Application` reaches through
`base_url` / `base_file_url` (see `FakeTelegramApi.base_url`). It answers the
methods the bot uses (getMe, deleteWebhook, setMyCommands, getUpdates, sendMessage,
sendAudio, sendDocument, sendPhoto, sendChatAction, editMessageText,
editMessageReplyMarkup, deleteMessage, answerCallbackQuery, getChatMember,
getFile and file download), long-polls `getUpdates` over the updates a test queues,
parses form and multipart bodies, serves uploaded files for `getFile`, and
records every request in `FakeTelegramApi.requests`.

Where real Telegram refuses a request (callback_data over 64 bytes, text over
4096 characters, a caption over 1024, a callback answer over 200, a reply to a
deleted message without allow_sending_without_reply, a late callback answer,
editing a message to the same text, a file over 20 MB for getFile), the fake
refuses it the same way, so the bot's handling of those
answers is exercised too.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import ClientSession, web

BOT_USER = {
    "id": 4242,
    "is_bot": True,
    "first_name": "Melody",
    "username": "melody_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MAX_CALLBACK_DATA_BYTES = 64
MAX_CAPTION_CHARS = 1024
MAX_TEXT_CHARS = 4096
MAX_CALLBACK_ANSWER_CHARS = 200
MAX_GET_FILE_BYTES = 20 * 1024 * 1024
# Longest a getUpdates call is held open (seconds); short so tests stop promptly.
MAX_LONG_POLL_SECONDS = 1.0
MEDIA_FIELDS = ("audio", "document", "photo", "voice", "video")


@dataclass
class Upload:
    """One file part of a multipart request."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Request:
    """One recorded Bot API call: method name, decoded fields and uploaded files."""

    method: str
    fields: dict[str, Any]
    files: dict[str, Upload] = field(default_factory=dict)
    answer: Any = None
    at: float = field(default_factory=time.monotonic)  # when it arrived, monotonic seconds

    @property
    def chat_id(self) -> int | None:
        value = self.fields.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.fields.get("text") or self.fields.get("caption") or "")

    @property
    def buttons(self) -> list[dict]:
        """Inline keyboard buttons of this request, row by row flattened."""
        markup = self.fields.get("reply_markup") or {}
        return [b for row in markup.get("inline_keyboard", []) for b in row]


class BotApiError(Exception):
    """Makes the fake answer `{"ok": false}` with Telegram's code and description."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


def _shown(r: Request) -> str:
    """The text a message shows: with parse_mode HTML, its tags dropped and entities read."""
    text = str(r.fields.get("text", ""))
    if str(r.fields.get("parse_mode", "")).upper() == "HTML":
        return html.unescape(re.sub(r"<[^>]*>", "", text))
    return text


def _decode(value: str) -> Any:
    """PTB sends non-string parameters JSON-encoded inside form fields."""
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return value


class FakeTelegramApi:
    """The fake server. Use `async with FakeTelegramApi(token) as api:` in a fixture."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.requests: list[Request] = []
        self.chats: dict[int, dict] = {}
        self.messages: dict[tuple[int, int], dict] = {}
        self.files: dict[str, bytes] = {}
        self.pressed: set[str] = set()
        self.admins: set[int] = set()  # user ids getChatMember reports as administrators
        self.kicked: set[int] = set()  # chats the bot was removed from: 403 for every call
        self._failures: dict[str, BotApiError] = {}
        self.answered: set[str] = set()
        self._updates: list[dict] = []
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        # setWebhook's url and secret_token: updates are then POSTed there, not polled.
        self.webhook: dict[str, str] | None = None
        self.webhook_statuses: list[int] = []  # HTTP status of each POST to the webhook
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # ---- lifecycle ----------------------------------------------------------------------------

    async def __aenter__(self) -> FakeTelegramApi:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_method)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None)  # its URLs hold the token
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # ---- what tests queue ---------------------------------------------------------------------

    def user(self, user_id: int, name: str = "") -> dict:
        return {"id": user_id, "is_bot": False, "first_name": name or f"user{user_id}"}

    def chat(self, chat_id: int, title: str = "") -> dict:
        """A private chat for positive ids, a group for negative ones (as on Telegram)."""
        if chat_id > 0:
            chat = {"id": chat_id, "type": "private", "first_name": f"user{chat_id}"}
        else:
            chat = {"id": chat_id, "type": "group", "title": title or f"group{chat_id}"}
        self.chats[chat_id] = chat
        return chat

    def add_file(self, data: bytes) -> str:
        """Store a file the bot can fetch with getFile; returns its file_id."""
        file_id = f"file{next(self._ids)}"
        self.files[file_id] = data
        return file_id

    async def send_text(self, chat_id: int, user_id: int, text: str) -> dict:
        """Queue a message from a member; a leading /command gets its bot_command entity."""
        message = self._incoming(chat_id, user_id, text=text)
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self._queue({"message": message})
        return message

    async def send_document(
        self,
        chat_id: int,
        user_id: int,
        data: bytes,
        *,
        file_name: str = "tune.mid",
        caption: str = "",
        claimed_size: int | None = None,
        mime_type: str = "audio/midi",
    ) -> dict:
        """Queue a document message; `claimed_size` overrides the size Telegram reports."""
        file_id = self.add_file(data)
        message = self._incoming(chat_id, user_id)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_name": file_name,
            "mime_type": mime_type,
            "file_size": claimed_size if claimed_size is not None else len(data),
        }
        if caption:
            message["caption"] = caption
            if caption.startswith("/"):
                message["caption_entities"] = [
                    {"type": "bot_command", "offset": 0, "length": len(caption.split()[0])}
                ]
        await self._queue({"message": message})
        return message

    async def press(self, user_id: int, message: dict, data: str, *, late: bool = False) -> str:
        """Queue a press of an inline button carrying `data` on a message the bot sent.

        `late`: the press is older than Telegram waits for an answer, so answering it fails
        with "query is too old".
        """
        query_id = f"cq{next(self._ids)}"
        if not late:
            self.pressed.add(query_id)
        await self._queue(
            {
                "callback_query": {
                    "id": query_id,
                    "from": self.user(user_id),
                    "chat_instance": "ci",
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    def _incoming(self, chat_id: int, user_id: int, **content: Any) -> dict:
        chat = self.chats.get(chat_id) or self.chat(chat_id)
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": chat,
            "from": self.user(user_id),
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def delete_by_member(self, message: dict) -> None:
        """A member deletes their message: replies to it are refused from now on."""
        self.messages.pop((message["chat"]["id"], message["message_id"]), None)

    async def _queue(self, payload: dict) -> None:
        if self.webhook is not None:
            await self._post_to_webhook({"update_id": next(self._update_ids), **payload})
            return
        async with self._changed:
            self._updates.append({"update_id": next(self._update_ids), **payload})
            self._changed.notify_all()

    def fail_next(
        self,
        method: str,
        code: int = 500,
        description: str = "Internal Server Error",
    ) -> None:
        """Make the next call of `method` fail the way Telegram sometimes does."""
        self._failures[method] = BotApiError(code, description)

    # ---- what tests inspect ---------------------------------------------------------------------

    def refusals(self) -> list[Request]:
        """Every call the fake refused (over a limit, a gone reply target, …), in order."""
        return [r for r in self.requests if isinstance(r.answer, BotApiError)]

    def calls(self, method: str, chat_id: int | None = None) -> list[Request]:
        return [
            r
            for r in self.requests
            if r.method == method and (chat_id is None or r.chat_id == chat_id)
        ]

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Request], bool] = lambda r: True,
        *,
        count: int = 1,
        timeout: float = 60.0,  # noqa: ASYNC109 - a deadline callers pass on
    ) -> list[Request]:
        """Wait until `count` requests of `method` match `predicate`; return them."""

        def matching() -> list[Request]:
            return [r for r in self.requests if r.method == method and predicate(r)]

        async def until() -> list[Request]:
            async with self._changed:
                await self._changed.wait_for(lambda: len(matching()) >= count)
            return matching()

        return await asyncio.wait_for(until(), timeout)

    # ---- the server ----------------------------------------------------------------------------

    async def _handle_method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        fields, files = await self._read_body(request)
        recorded = Request(method, fields, files)
        try:
            handler = getattr(self, f"_api_{method}", None)
            if method in self._failures:
                raise self._failures.pop(method)
            if handler is None:
                raise BotApiError(404, "Not Found")
            recorded.answer = await handler(recorded)
            body, status = {"ok": True, "result": recorded.answer}, 200
        except BotApiError as error:
            recorded.answer = error
            body = {"ok": False, "error_code": error.code, "description": error.description}
            status = error.code
        if method != "getUpdates":
            async with self._changed:
                self.requests.append(recorded)
                self._changed.notify_all()
        return web.json_response(body, status=status)

    async def _read_body(self, request: web.Request) -> tuple[dict[str, Any], dict[str, Upload]]:
        fields: dict[str, Any] = {}
        files: dict[str, Upload] = {}
        if request.content_type.startswith("multipart/"):
            reader = await request.multipart()
            async for part in reader:
                if part.filename is not None:
                    data = await part.read()
                    files[part.name] = Upload(
                        part.filename, part.headers.get("Content-Type", ""), bytes(data)
                    )
                else:
                    fields[part.name] = _decode(await part.text())
        elif request.content_type == "application/json":
            fields = await request.json()
        elif request.can_read_body:
            fields = {k: _decode(v) for k, v in (await request.post()).items()}
        return fields, files

    async def _handle_file(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        if request.match_info["token"] != self.token or file_id not in self.files:
            return web.Response(status=404)
        return web.Response(body=self.files[file_id])

    # ---- Bot API methods -----------------------------------------------------------------------

    async def _api_getMe(self, r: Request) -> dict:
        return BOT_USER

    async def _api_deleteWebhook(self, r: Request) -> bool:
        self.webhook = None
        return True

    async def _api_setWebhook(self, r: Request) -> bool:
        self.webhook = {"url": r.fields["url"], "secret_token": r.fields.get("secret_token", "")}
        return True

    async def _post_to_webhook(self, update: dict) -> None:
        """Deliver as Telegram does: POST the update with the secret header."""
        assert self.webhook is not None
        headers = {"X-Telegram-Bot-Api-Secret-Token": self.webhook["secret_token"]}
        async with (
            ClientSession() as session,
            session.post(self.webhook["url"], json=update, headers=headers) as response,
        ):
            self.webhook_statuses.append(response.status)

    async def _api_setMyCommands(self, r: Request) -> bool:
        for command in r.fields.get("commands", []):
            name, description = command.get("command", ""), command.get("description", "")
            if not (1 <= len(name) <= 32 and name.replace("_", "").isalnum() and name.islower()):
                raise BotApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise BotApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        return True

    async def _api_getUpdates(self, r: Request) -> list[dict]:
        offset = int(r.fields.get("offset") or 0)
        timeout = min(float(r.fields.get("timeout") or 0), MAX_LONG_POLL_SECONDS)
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout > 0:
                # Woken early by a queued update; an empty answer after `timeout` is normal.
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._updates)), timeout
                    )
            return list(self._updates)

    async def _api_sendMessage(self, r: Request) -> dict:
        self._check_text(_shown(r), MAX_TEXT_CHARS, "message text")
        return self._outgoing(r, text=r.fields["text"])

    async def _api_sendAudio(self, r: Request) -> dict:
        upload = self._require_upload(r, "audio")
        audio = {
            "file_id": self.add_file(upload.data),
            "file_unique_id": "ua",
            "duration": int(r.fields.get("duration") or 0),
            "file_name": upload.filename,
            "mime_type": upload.content_type,
            "file_size": len(upload.data),
        }
        for name in ("title", "performer"):
            if name in r.fields:
                audio[name] = r.fields[name]
        return self._outgoing(r, audio=audio)

    async def _api_sendDocument(self, r: Request) -> dict:
        upload = self._require_upload(r, "document")
        document = {
            "file_id": self.add_file(upload.data),
            "file_unique_id": "ud",
            "file_name": upload.filename,
            "file_size": len(upload.data),
        }
        return self._outgoing(r, document=document)

    async def _api_sendPhoto(self, r: Request) -> dict:
        upload = self._require_upload(r, "photo")
        photo = [
            {
                "file_id": self.add_file(upload.data),
                "file_unique_id": "up",
                "width": 800,
                "height": 400,
                "file_size": len(upload.data),
            }
        ]
        return self._outgoing(r, photo=photo)

    async def _api_sendChatAction(self, r: Request) -> bool:
        self._known_chat(r)
        return True

    async def _api_editMessageText(self, r: Request) -> dict:
        key = (int(r.fields["chat_id"]), int(r.fields["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise BotApiError(400, "Bad Request: message to edit not found")
        text = r.fields.get("text", "")
        self._check_text(_shown(r), MAX_TEXT_CHARS, "message text")
        markup = r.fields.get("reply_markup")
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise BotApiError(
                400,
                "Bad Request: message is not modified: specified new message "
                "content and reply markup are exactly the same",
            )
        message = {**message, "text": text, "edit_date": int(time.time())}
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        self.messages[key] = message
        return message

    async def _api_editMessageReplyMarkup(self, r: Request) -> dict:
        key = (int(r.fields["chat_id"]), int(r.fields["message_id"]))
        if key not in self.messages:
            raise BotApiError(400, "Bad Request: message to edit not found")
        message = dict(self.messages[key])
        message.pop("reply_markup", None)
        if r.fields.get("reply_markup"):
            message["reply_markup"] = r.fields["reply_markup"]
        self.messages[key] = message
        return message

    async def _api_deleteMessage(self, r: Request) -> bool:
        key = (int(r.fields["chat_id"]), int(r.fields["message_id"]))
        if self.messages.pop(key, None) is None:
            raise BotApiError(400, "Bad Request: message to delete not found")
        return True

    async def _api_answerCallbackQuery(self, r: Request) -> bool:
        query_id = str(r.fields.get("callback_query_id"))
        if query_id not in self.pressed or query_id in self.answered:
            raise BotApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        self.answered.add(query_id)
        if len(str(r.fields.get("text", ""))) > MAX_CALLBACK_ANSWER_CHARS:
            raise BotApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    async def _api_getChatMember(self, r: Request) -> dict:
        self._known_chat(r)
        user = self.user(int(r.fields["user_id"]))
        if int(r.fields["user_id"]) not in self.admins:
            return {"status": "member", "user": user}
        rights = (
            "can_be_edited",
            "is_anonymous",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        )
        return {"status": "administrator", "user": user, **{name: False for name in rights}}

    async def _api_getFile(self, r: Request) -> dict:
        file_id = str(r.fields.get("file_id"))
        if file_id not in self.files:
            raise BotApiError(400, "Bad Request: invalid file_id")
        data = self.files[file_id]
        if len(data) > MAX_GET_FILE_BYTES:
            raise BotApiError(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    # ---- helpers of the methods ----------------------------------------------------------------

    def _known_chat(self, r: Request) -> dict:
        chat_id = int(r.fields.get("chat_id", 0))
        if chat_id in self.kicked:
            raise BotApiError(403, "Forbidden: bot was kicked from the group chat")
        chat = self.chats.get(chat_id)
        if chat is None:
            raise BotApiError(400, "Bad Request: chat not found")
        return chat

    @staticmethod
    def _check_text(text: str, limit: int, what: str) -> None:
        """Telegram counts UTF-16 code units of the text after entity parsing."""
        if not text.strip():
            raise BotApiError(400, f"Bad Request: {what} is empty")
        if len(text.encode("utf-16-le")) // 2 > limit:
            raise BotApiError(400, f"Bad Request: {what} is too long")

    def _check_reply_target(self, r: Request, chat_id: int) -> None:
        """Telegram refuses a reply to a message that is gone, unless told to send anyway."""
        reply = r.fields.get("reply_parameters") or {}
        if not reply and "reply_to_message_id" in r.fields:
            reply = {
                "message_id": r.fields["reply_to_message_id"],
                "allow_sending_without_reply": r.fields.get("allow_sending_without_reply"),
            }
        if not reply or reply.get("allow_sending_without_reply"):
            return
        if (int(reply.get("chat_id") or chat_id), int(reply["message_id"])) not in self.messages:
            raise BotApiError(400, "Bad Request: message to be replied not found")

    @staticmethod
    def _require_upload(r: Request, name: str) -> Upload:
        upload = r.files.get(name)
        if upload is None:
            # An "attach://x" reference points at another part of the multipart body.
            ref = str(r.fields.get(name, ""))
            upload = r.files.get(ref.removeprefix("attach://"))
        if upload is None:
            raise BotApiError(400, f"Bad Request: there is no {name} in the request")
        return upload

    def _outgoing(self, r: Request, **content: Any) -> dict:
        chat = self._known_chat(r)
        self._check_reply_target(r, chat["id"])
        if "caption" in r.fields:  # 0-1024 characters: an empty caption is no caption
            if len(r.fields["caption"]) > MAX_CAPTION_CHARS:
                raise BotApiError(400, "Bad Request: message caption is too long")
            content["caption"] = r.fields["caption"]
        markup = r.fields.get("reply_markup")
        if markup:
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    data = button.get("callback_data", "")
                    if len(data.encode()) > MAX_CALLBACK_DATA_BYTES:
                        raise BotApiError(400, "Bad Request: BUTTON_DATA_INVALID")
            content["reply_markup"] = markup
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
            **content,
        }
        self.messages[(chat["id"], message["message_id"])] = message
        return message

    def sent_message(self, r: Request) -> dict:
        """The message as it now stands (after edits) that a recorded send created."""
        answer = r.answer
        return self.messages[(answer["chat"]["id"], answer["message_id"])]
