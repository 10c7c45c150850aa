"""The CLI's argument parser: a mistake is reported by the command it belongs to.

Plain ``argparse`` hands a subcommand's unknown arguments back to the top-level parser, so
``llmstudio labels DIR stats --schema X`` printed the top-level usage and a line that named
no command. Here each subcommand rejects its own leftovers with its own usage, and the
one-line error says what to do when the mistake is a common one: an option that belongs to
another action or goes after the action, an action written after the folder it should
precede (or the other way round), a misspelt action, text with spaces left unquoted, or a
number that is not one. The rest is standard ``argparse`` (exit code 2, usage on stderr).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

_LEFTOVERS = getattr(argparse, "_UNRECOGNIZED_ARGS_ATTR", "_unrecognized_args")


class CommandParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose subcommands (and theirs) are ``CommandParser``s that own their errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.register("action", "parsers", _Subcommands)
        self.parent: CommandParser | None = None
        self._arg_strings: list[str] = []

    def add_subparsers(self, **kwargs: Any) -> Any:
        action = super().add_subparsers(**kwargs)
        assert isinstance(action, _Subcommands)
        action.owner = self
        return action

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._arg_strings = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        if message.startswith("unrecognized arguments: ") and self.parent is None:
            message += self._leftover_hint(message.removeprefix("unrecognized arguments: ").split())
        elif message.startswith("the following arguments are required: "):
            written = [p for name, p in _subcommands(self) if name in self._arg_strings]
            if written:  # ``labels stats``: the action was taken for the folder
                message = f"the project folder is missing: {_shape(written[0])}"
            elif _subcommands(self):
                message += f" (one of: {', '.join(name for name, _ in _subcommands(self))})"
        super().error(message)

    def _get_value(self, action: argparse.Action, arg_string: str) -> Any:
        """``--max-steps x``: 'expects a whole number, not 'x'' rather than 'invalid int value'."""
        if action.type not in (int, float):
            return super()._get_value(action, arg_string)
        kind = "a whole number" if action.type is int else "a number"
        try:
            return super()._get_value(action, arg_string)
        except argparse.ArgumentError:
            raise argparse.ArgumentError(action, f"expects {kind}, not {arg_string!r}") from None

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if not isinstance(action, _Subcommands) or action.choices is None or value in action.choices:
            super()._check_value(action, value)
            return
        names = list(action.choices)
        message = f"invalid choice: {value!r} (choose from {', '.join(names)})"
        written = [a for a in self._arg_strings if a in names]
        if written:  # ``labels train DIR`` or ``classify DIR train``: the action is there, out of place
            chosen = action.choices[written[0]]
            message += f"; write it as: {_shape(chosen)}"
        else:
            close = difflib.get_close_matches(str(value), names, n=1)
            if close:
                message += f"; did you mean {close[0]!r}?"
            elif self.parent is None:  # ``llmstudio ~/projcet``: a folder that is not there
                message += "; to open a project in the app, give the path of its folder"
        raise argparse.ArgumentError(action, message)

    def leftovers_error(self, leftovers: list[str]) -> NoReturn:
        """This subcommand's own 'unrecognized arguments' error, with a hint where one helps."""
        self.error(f"unrecognized arguments: {' '.join(leftovers)}" + self._leftover_hint(leftovers))

    def _leftover_hint(self, leftovers: list[str]) -> str:
        for option in [a.split("=", 1)[0] for a in leftovers if a.startswith("-")]:
            root = self._root()
            if root is not self and _takes(root, option):
                return f"; {option} goes before the command: {root.prog} {option} {self.prog.split(' ', 1)[1]} ..."
            below = [p for name, p in _subcommands(self) if _takes(p, option)]
            written = [p for name, p in _subcommands(self) if name in self._arg_strings and p in below]
            if below:
                where = "command" if self.parent is None else "action"
                return f"; {option} goes after the {where}: " + " or ".join(
                    _shape(p, option) for p in (written or below)[:2])
            if self.parent is not None:
                siblings = [name for name, p in _subcommands(self.parent) if p is not self and _takes(p, option)]
                if siblings:
                    own = self.prog.rsplit(" ", 1)[-1]
                    return f"; {option} is an option of {' and '.join(siblings[:3])}, not of {own}"
            return f"; see '{self.prog} --help' for its options"
        words = self._arg_strings
        at = words.index(leftovers[0]) if leftovers[0] in words else -1
        if at >= 2 and words[at - 2].startswith("-") and not words[at - 1].startswith("-"):
            text = " ".join(words[at - 1:at + len(leftovers)])
            return f"; put a value with spaces in quotes: {words[at - 2]} \"{text}\""
        return f"; see '{self.prog} --help' for its arguments"

    def _root(self) -> CommandParser:
        parser = self
        while parser.parent is not None:
            parser = parser.parent
        return parser


class _Subcommands(argparse._SubParsersAction):
    """Subparsers whose chosen parser reports its own leftover arguments."""

    owner: CommandParser

    def add_parser(self, name: str, **kwargs: Any) -> CommandParser:
        parser = super().add_parser(name, **kwargs)
        assert isinstance(parser, CommandParser)
        parser.parent = self.owner
        return parser

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        before = len(getattr(namespace, _LEFTOVERS, []))
        super().__call__(parser, namespace, values, option_string)
        leftovers = getattr(namespace, _LEFTOVERS, [])[before:]
        chosen = self._name_parser_map.get(values[0])
        if leftovers and isinstance(chosen, CommandParser):
            chosen.leftovers_error(leftovers)


def _subcommands(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    return [(name, child) for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name, child in action.choices.items()]


def _takes(parser: argparse.ArgumentParser, option: str) -> bool:
    return option in parser._option_string_actions and option not in ("-h", "--help")


def _shape(parser: argparse.ArgumentParser, tail: str = "...") -> str:
    """``llmstudio classify train DIR ...``: a subcommand's prog (``llmstudio labels DIR stats``), the
    project folder where it comes after the action, and ``tail``."""
    folder = [a.metavar for a in parser._actions if not a.option_strings and a.metavar == "DIR"]
    return " ".join([parser.prog, *map(str, folder), tail])
