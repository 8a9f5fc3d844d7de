"""`python -m wellflow_cli db|analyst COMMAND`: what scripts/wellflow runs for its `db` and `analyst` commands."""

import sys

from wellflow_cli import analyst, db

if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "db":
        sys.exit(db.main(args[1:]))
    if args and args[0] == "analyst":
        sys.exit(analyst.main(args[1:]))
    sys.exit("usage: python -m wellflow_cli db deploy|revert|verify|status|diff|provision|baseline [--url URL]\n"
             "       python -m wellflow_cli analyst add ORGANIZATION NAME|list [ORGANIZATION]|revoke ROLE_NAME")
