"""Where handlers find the shared services: the Application's bot_data, set once at build time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram import User
from telegram.ext import ContextTypes

if TYPE_CHECKING:
    from bot.services import Services

SERVICES_KEY = "services"
PLATFORM = "telegram"


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.application.bot_data[SERVICES_KEY]


def member_id(user: User) -> str:
    """The platform-qualified voter/member id, e.g. 'telegram:456'."""
    return f"{PLATFORM}:{user.id}"


def member_name(user: User) -> str:
    """The name to show for a member: their full name, else their @username."""
    return user.full_name.strip() or (f"@{user.username}" if user.username else "")
