"""Where handlers find the shared services: the Application's bot_data, set once at build time."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias

from telegram import Bot, User
from telegram.constants import ChatMemberStatus, ChatType
from telegram.ext import Application, CallbackContext, ContextTypes, ExtBot

from bot.services.actor import Actor, Role

if TYPE_CHECKING:
    from bot.services import Services

SERVICES_KEY = "services"
PLATFORM = "telegram"
# The Application as this bot builds it (PTB's default bot, context and data types).
AnyApplication: TypeAlias = Application[Any, Any, Any, Any, Any, Any]


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The context every handler gets: python-telegram-bot's own, with the services typed."""

    @property
    def services(self) -> Services:
        services: Services = self.application.bot_data[SERVICES_KEY]
        return services


# Given to the ApplicationBuilder, so handlers receive a BotContext.
CONTEXT_TYPES = ContextTypes(context=BotContext)


def services_of(context: BotContext) -> Services:
    """The shared services of a handler's context (`context.services`)."""
    return context.services


def member_id(user: User) -> str:
    """The platform-qualified voter/member id, e.g. 'telegram:456'."""
    return f"{PLATFORM}:{user.id}"


def member_name(user: User) -> str:
    """The name to show for a member: their full name, else their @username."""
    return user.full_name.strip() or (f"@{user.username}" if user.username else "")


ADMIN_STATUSES = frozenset({ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER})


def actor_of(user: User, role: Role = Role.MEMBER) -> Actor:
    """The member as the services know them."""
    return Actor(member_id(user), member_name(user), role)


async def actor_with_role(bot: Bot, chat_id: int, chat_type: str, user: User) -> Actor:
    """The member with their role asked of Telegram: group admins and owners are admins;
    in a private chat the member is the only one there, so they administer it."""
    if chat_type == ChatType.PRIVATE:
        return actor_of(user, Role.ADMIN)
    member = await bot.get_chat_member(chat_id, user.id)
    return actor_of(user, Role.ADMIN if member.status in ADMIN_STATUSES else Role.MEMBER)
