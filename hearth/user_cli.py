"""`hearth user passwd`: set a user's dashboard password (the first admin password of a new install, too)."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from graph_model import users
from graph_model.config import Settings
from graph_model.errors import InvalidInput

Handler = Callable[[argparse.Namespace, users.Actor], int]


def cmd_passwd(args: argparse.Namespace, actor: users.Actor) -> int:
    """Set a user's password (needs manage_users); read from stdin with --password-stdin, else prompted twice."""
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"new password for {args.username}: ")
        if getpass.getpass("again: ") != password:
            raise InvalidInput("the two passwords differ; nothing was changed")
    if password == users.DEMO_PASSWORD and not Settings.from_env().demo_mode:
        raise InvalidInput("the demo password may not be used outside demo mode; choose another")
    if users.set_password(actor, [args.username], password) == 0:
        raise InvalidInput(f"no user {args.username!r}; nothing was changed")
    print(f"password set for {args.username}")
    return 0


def add_parser(sub: Any, with_actor: Callable[[Handler], Any]) -> None:
    """Register `hearth user passwd`."""
    user = sub.add_parser("user", help="manage users' dashboard passwords").add_subparsers(
        dest="user_command", required=True, metavar="COMMAND")
    passwd = user.add_parser("passwd", help=cmd_passwd.__doc__)
    passwd.add_argument("username")
    passwd.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    passwd.set_defaults(func=with_actor(cmd_passwd))
