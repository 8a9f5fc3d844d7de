"""Worker entry point: ``wellflow-worker`` (or ``python -m procrastinate_tasks.worker``)."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import time

from procrastinate_tasks.app import QUEUES, app, record_errors

LOG = logging.getLogger("wellflow.worker")
MAX_BACKOFF_SECONDS = 30.0


async def serve(args: argparse.Namespace) -> None:
    """Runs the worker until SIGINT or SIGTERM. The database may restart under it (a failover, an
    upgrade): Procrastinate then stops the worker, and this loop opens a new connection pool and
    starts it again after a pause that doubles up to 30 s. Jobs stay in the queue; one that was
    running when the connection went is retried once the stalled-worker check finds it."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    current: dict = {}

    def request_stop() -> None:
        stopping.set()
        if current.get("worker"):
            current["worker"].stop()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, request_stop)
    backoff = 1.0
    while not stopping.is_set():
        started = time.monotonic()
        reason = "the worker stopped"
        try:
            async with app.open_async():
                app.perform_import_paths()
                # The graceful-shutdown timeout stays below the stalled-job threshold: a worker
                # that stops heartbeating for stalled_worker_timeout seconds is dead, and
                # jobs__recover_stalled retries its jobs.
                current["worker"] = app._worker(
                    queues=args.queues.split(","), concurrency=args.concurrency, name=args.name,
                    shutdown_graceful_timeout=20, worker_middleware=[record_errors], install_signal_handlers=False,
                    update_heartbeat_interval=float(os.environ.get("WELLFLOW_HEARTBEAT_SECONDS", "10")),
                    stalled_worker_timeout=float(os.environ.get("WELLFLOW_STALLED_SECONDS", "30")))
                await current["worker"].run()
        except Exception as error:  # the connection or the pool failed
            reason = f"{type(error).__name__}: {str(error).strip()}"
        current.pop("worker", None)
        if stopping.is_set():
            break
        if time.monotonic() - started > 60:
            backoff = 1.0
        LOG.error("database connection lost (%s); reconnecting in %.0f s", reason, backoff)
        try:
            await asyncio.wait_for(stopping.wait(), timeout=backoff)
        except asyncio.TimeoutError:
            pass
        backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wellflow-worker", description="Runs WellFlow background jobs.")
    parser.add_argument("--queues", default=",".join(QUEUES), help="comma-separated queues (default: all)")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--name", default="wellflow-worker")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
