"""Worker entry point: ``wellflow-worker`` (or ``python -m procrastinate_tasks.worker``)."""

from __future__ import annotations

import argparse
import logging

from procrastinate_tasks.app import QUEUES, app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="wellflow-worker", description="Runs WellFlow background jobs.")
    parser.add_argument("--queues", default=",".join(QUEUES), help="comma-separated queues (default: all)")
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--name", default="wellflow-worker")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    # The graceful-shutdown timeout stays below the stalled-job threshold (DESIGN §8).
    app.run_worker(queues=args.queues.split(","), concurrency=args.concurrency, name=args.name,
                   shutdown_graceful_timeout=20)


if __name__ == "__main__":
    main()
