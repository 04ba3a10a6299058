"""Help lines for parameters, shared by the CLI, the console and Telegram.

Everything comes from the parameter tables (`engine.params.MELODY_PARAMS`, the
game options), so no list of values is written here.
"""

from __future__ import annotations

from engine.params.schema import Param, ParamSchema

SHORT_LIST = 20  # values shown inline before '/help NAME' is needed for the rest


def values_text(param: Param, help_command: str | None = "/help", full: bool = False) -> str:
    """The allowed values; unless `full`, a long list is cut, pointing to `help_command NAME`."""
    if full and param.choices:
        return ", ".join(param.choices)
    if param.choices and len(param.choices) > SHORT_LIST and help_command:
        shown = ", ".join(param.choices[:SHORT_LIST])
        return f"{shown}, … {len(param.choices)} in all: {help_command} {param.name}"
    return param.allowed()


def param_line(
    param: Param, bullet: str = "  ", help_command: str | None = "/help", full: bool = False
) -> str:
    """'  key: Tonic of the melody. Values: C, C#, …. Default: C.'"""
    aliases = f" (also {', '.join(param.aliases)})" if param.aliases else ""
    default = f" Default: {param.default_text}." if param.default_text is not None else ""
    return (
        f"{bullet}{param.name}{aliases}: {param.help} "
        f"Values: {values_text(param, help_command, full)}.{default}"
    )


def full_param_help(schema: ParamSchema, name: str) -> str:
    """'/help instrument': one parameter with every one of its values.

    Raises ParamError (with a did-you-mean) for an unknown name.
    """
    param = schema.lookup(name)
    line = param_line(param, bullet="", help_command=None)
    if param.choices and len(param.choices) > SHORT_LIST:
        line += "\nAll values: " + ", ".join(param.choices)
    return line
