"""`python -m wellflow_cli db COMMAND`: what scripts/wellflow runs for its `db` commands."""

import sys

from wellflow_cli import db

if __name__ == "__main__":
    args = sys.argv[1:]
    if not args or args[0] != "db":
        sys.exit("usage: python -m wellflow_cli db deploy|revert|verify|status|diff|provision|baseline [--url URL]")
    sys.exit(db.main(args[1:]))
