"""`scripts/wellflow bench`: runs every benchmark and prints its results."""

from bench import deploy_time

if __name__ == "__main__":
    deploy_time.main()
