"""`quizsim serve`: the app in a web browser through textual-serve, one app process per browser tab."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path

DESCRIPTION = """\
Serve the app to web browsers: open the printed address, and each browser tab gets its own quizsim
(its own process, about 100 MB; see the README's Classroom section for how many one machine holds).
It listens on 127.0.0.1 (this machine only) unless --host says otherwise. There is no login and no
encryption: any other address lets anyone on that network use the app, and quizsim warns so.
exit status: 0 stopped with Ctrl+C, 2 usage errors (a bad port, or the address is in use)."""


def register(commands: argparse._SubParsersAction, content: argparse.ArgumentParser) -> None:
    parser = commands.add_parser(
        "serve", help="serve the app to web browsers (textual-serve)", description=DESCRIPTION,
        parents=[content], formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    parser.add_argument(
        "app_args", nargs=argparse.REMAINDER, metavar="COMMAND",
        help="what each tab runs: nothing for the app, or a command such as 'present demo.yaml' or 'sandbox'",
    )
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{value} is not a port number (1-65535)")
    return value


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


SERVABLE = ("present", "sandbox")


def app_command(content: list, app_args: list[str] | None = None) -> str:
    """The shell command textual-serve runs for each browser session: this Python, this quizsim."""
    args = [sys.executable, "-m", "quizsim"]
    for folder in content:
        args += ["--content", str(Path(folder).resolve())]
    return shlex.join(args + list(app_args or []))


def _present_target_ok(app_args: list[str], content: list) -> bool:
    """Check `present TARGET` once here: a bad target would otherwise fail in every browser tab."""
    from quizsim.cli import present_cmd
    from quizsim.cli.main import build_parser
    from quizsim.content import default_content_paths, load_library
    from quizsim.study.playlist import PlaylistError

    present = build_parser().parse_args(app_args)
    library = load_library(default_content_paths([*content, *present.content]))
    try:
        present_cmd.resolve_target(library, present.target, present.seed)
    except PlaylistError as exc:
        for problem in exc.problems:
            print(problem.format(), file=sys.stderr)
        return False
    except present_cmd.TargetError as exc:
        print(f"quizsim serve: error: present: {exc}", file=sys.stderr)
        return False
    return True


def run(args: argparse.Namespace) -> int:
    import socket

    app_args = list(args.app_args or [])
    if app_args and app_args[0] not in SERVABLE:
        print(f"quizsim serve: error: {app_args[0]!r} cannot be served; serve the app (no command) or one of: "
              f"{', '.join(SERVABLE)}", file=sys.stderr)
        return 2
    if app_args and app_args[0] == "present" and not _present_target_ok(app_args, args.content):
        return 2
    try:
        from textual_serve.server import Server
    except ImportError:
        print("quizsim serve: error: textual-serve is not installed (pip install textual-serve)", file=sys.stderr)
        return 2
    # Fail with a sentence, not an aiohttp traceback, when the address cannot be used.
    try:
        infos = socket.getaddrinfo(args.host, args.port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as exc:
        print(f"quizsim serve: error: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    url_host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{url_host}:{args.port}"
    if is_loopback(args.host):
        print(f"quizsim serve: listening on {url} (this machine only: {args.host} is a loopback address)", flush=True)
    else:
        print(f"quizsim serve: listening on {url}", flush=True)
        print(
            f"quizsim serve: warning: {args.host} is not a loopback address: anyone on that network who can reach "
            "this machine can use the app (no login, no encryption)",
            file=sys.stderr, flush=True,
        )
    print("quizsim serve: each browser tab runs its own quizsim; Ctrl+C stops them all", flush=True)
    # Each tab is already its own process: race worker processes per tab would multiply memory by three
    # on a shared server, so tabs race in a thread unless QUIZSIM_WORKERS says otherwise.
    import os

    os.environ.setdefault("QUIZSIM_WORKERS", "0")
    server = Server(app_command(args.content, app_args), host=args.host, port=args.port, title="quizsim", public_url=url)
    server.serve()
    return 0
