"""Worker entry point: ``wellflow-worker`` (or ``python -m procrastinate_tasks.worker``)."""

from __future__ import annotations

import argparse
import logging

import os

from procrastinate_tasks.app import QUEUES, app, record_errors


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wellflow-worker", description="Runs WellFlow background jobs.")
    parser.add_argument("--queues", default=",".join(QUEUES), help="comma-separated queues (default: all)")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--name", default="wellflow-worker")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # The graceful-shutdown timeout stays below the stalled-job threshold: a worker
    # that stops heartbeating for stalled_worker_timeout seconds is dead, and
    # jobs__recover_stalled retries its jobs.
    app.run_worker(queues=args.queues.split(","), concurrency=args.concurrency, name=args.name,
                   shutdown_graceful_timeout=20, worker_middleware=[record_errors],
                   update_heartbeat_interval=float(os.environ.get("WELLFLOW_HEARTBEAT_SECONDS", "10")),
                   stalled_worker_timeout=float(os.environ.get("WELLFLOW_STALLED_SECONDS", "30")))


if __name__ == "__main__":
    main()
