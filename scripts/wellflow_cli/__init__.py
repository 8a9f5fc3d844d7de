"""WellFlow's operator tooling: deploy, revert, verify and diff the database, generate the
baseline migration, provision deploy-time secrets. The worker lives in procrastinate_tasks."""
