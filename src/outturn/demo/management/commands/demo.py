"""``outturn demo``: migrate, (re)build the demo council and serve it on loopback."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def _refuse_a_taken_port(port: int) -> None:
    """Fail before starting the worker: runserver exits without cleaning up when it
    cannot bind, which would leave the worker running on its own."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            raise CommandError(f"Port {port} is in use: choose another with --port.") from error


class Command(BaseCommand):
    help = (
        "Migrates the configured database, rebuilds the demo council in it (replacing the "
        "register), and serves Outturn on 127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on (8000).")
        parser.add_argument(
            "--no-serve", action="store_true", help="Only build the data; do not start a server."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed for generated history.")

    def handle(self, *args: Any, **options: Any) -> None:
        from outturn.demo.builder import build_demo_council

        if not options["no_serve"]:
            _refuse_a_taken_port(options["port"])

        self.stdout.write("Migrating the database ...")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Building the demo council ...")
        summary = build_demo_council(seed=options["seed"])
        self.stdout.write(self.style.SUCCESS(summary.describe()))
        self.stdout.write("")
        self.stdout.write("Sign in with any of these demo accounts:")
        for username, role in summary.users:
            self.stdout.write(f"  {username:<12} {role}")
        self.stdout.write(f"Password for every demo account: {summary.password}")
        if options["no_serve"]:
            return
        address = f"127.0.0.1:{options['port']}"
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Outturn is at http://{address}/  (Ctrl+C stops it)"))
        # Imports, report builds and reminders are queued in the database; one worker
        # beside the server runs them, and stops with it (Ctrl+C, SIGTERM or an error).
        worker = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from outturn.cli import main; main()",
                "db_worker",
                "--no-reload",
                "--interval",
                "1",
                "-v",
                "0",
            ]
        )

        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        try:
            call_command("runserver", address, use_reloader=False, skip_checks=True)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
