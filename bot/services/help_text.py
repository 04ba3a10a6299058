"""Help lines for parameters, shared by the CLI, the console and Telegram.

Everything comes from the parameter tables (`engine.params.MELODY_PARAMS`, the
game options and actions, the mood presets), so no list of values is written here.
`topic_help` answers `/help TOPIC` for any topic: a melody parameter, `guess`
(the game), a `/guess` action or a game option.

Public API: `values_text`, `param_line`, `full_param_help`, `topic_help`, `help_topics`,
`mood_lines`, `action_usage`, `TOPIC_HELP`.
"""

from __future__ import annotations

from bot.services.games.options import GAME_OPTIONS, GUESS_ACTIONS, GuessAction
from engine.errors import ParamError
from engine.params.melody import MELODY_PARAMS
from engine.params.schema import Param, ParamSchema, did_you_mean, normalize, quoted
from engine.theory.moods import MOODS

SHORT_LIST = 20  # values shown inline before '/help NAME' is needed for the rest


def values_text(param: Param, help_command: str | None = "/help", *, full: bool = False) -> str:
    """The allowed values; unless `full`, a long list is cut, pointing to `help_command NAME`."""
    if full and param.choices:
        return ", ".join(param.choices)
    if param.choices and len(param.choices) > SHORT_LIST and help_command:
        shown = ", ".join(param.choices[:SHORT_LIST])
        return f"{shown}, … {len(param.choices)} in all: {help_command} {param.name}"
    return param.allowed()


def param_line(
    param: Param, bullet: str = "  ", help_command: str | None = "/help", *, full: bool = False
) -> str:
    """'  key: Tonic of the melody. Values: C, C#, …. Default: C.'"""
    aliases = f" (also {', '.join(param.aliases)})" if param.aliases else ""
    default = f" Default: {param.default_text}." if param.default_text is not None else ""
    return (
        f"{bullet}{param.name}{aliases}: {param.help} "
        f"Values: {values_text(param, help_command, full=full)}.{default}"
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


GAME_TOPICS = ("guess", "game", "games")
# What `/help TOPIC` answers, said the same way by every front end's help.
TOPIC_HELP = (
    "every value of a parameter (mood: what each mood sets), the game (guess), "
    "or one /guess action or option (items, vote, …)"
)


def action_usage(action: GuessAction) -> str:
    """'/guess vote item:… guess:… confidence:… quality:…' (or '<file.mid>' for a file)."""
    usage = ["<file.mid>"] if action.takes_file else [f"{n}:…" for n in action.options]
    return f"/guess {' '.join([action.name, *usage])}"


def mood_lines() -> list[str]:
    """'  dramatic: scale minor, tempo 132, …' for each mood, from the presets themselves."""
    lines = []
    for mood, preset in MOODS.items():
        sets = ", ".join(f"{name} {value}" for name, value in preset.items())
        lines.append(f"  {mood}: {sets or 'the defaults'}")
    return lines


def _game_help() -> str:
    lines = ["/guess: the AI-or-human listening game. Actions:"]
    for action in GUESS_ACTIONS:
        lines += [f"  {action_usage(action)}", f"      {action.help}"]
    lines += ["Options:"] + [param_line(p, help_command=None) for p in GAME_OPTIONS]
    return "\n".join(lines)


def _action_help(action: GuessAction) -> str:
    lines = [f"{action_usage(action)}: {action.help}"]
    if action.required:
        lines.append(f"Required: {', '.join(action.required)}.")
    lines += [param_line(GAME_OPTIONS[name], help_command=None) for name in action.options]
    return "\n".join(lines)


def _find_action(word: str) -> GuessAction | None:
    wanted = normalize(word)
    for action in GUESS_ACTIONS:
        if wanted in (normalize(n) for n in (action.name, *action.aliases)):
            return action
    return None


def topic_help(topic: str) -> str:
    """'/help TOPIC': a melody parameter with all its values (moods with what each sets),
    the game (`guess`), one `/guess` action, or one game option.

    Raises ParamError, one line, for an unknown topic or for more than one.
    """
    words = topic.split()
    if len(words) != 1:
        raise ParamError(
            f'/help takes one topic at a time, not "{quoted(topic.strip())}". '
            "Try /help key or /help guess.",
            topic,
        )
    word = words[0]
    if normalize(word) in GAME_TOPICS:
        return _game_help()
    action = _find_action(word)
    if action is not None:
        return _action_help(action)
    if normalize(word) in (normalize(n) for p in MELODY_PARAMS for n in p.names):
        text = full_param_help(MELODY_PARAMS, word)
        if MELODY_PARAMS[word].name == "mood":
            text += "\nWhat each mood sets (anything you give wins):\n" + "\n".join(mood_lines())
        return text
    if normalize(word) in (normalize(n) for p in GAME_OPTIONS for n in p.names):
        return param_line(GAME_OPTIONS[word], bullet="/guess option ", help_command=None)
    raise ParamError(
        f'Unknown parameter "{quoted(word)}". Help topics: the melody parameters '
        f"({', '.join(p.name for p in MELODY_PARAMS)}), guess, and each /guess action "
        f"({', '.join(a.name for a in GUESS_ACTIONS)})." + did_you_mean(word, help_topics()),
        word,
    )


def help_topics() -> list[str]:
    """Every word `topic_help` answers (names and aliases), without repeats, in table order."""
    topics = [n for p in MELODY_PARAMS for n in p.names] + list(GAME_TOPICS)
    topics += [n for a in GUESS_ACTIONS for n in (a.name, *a.aliases)]
    topics += [n for p in GAME_OPTIONS for n in p.names]
    return list(dict.fromkeys(topics))
