"""`scripts/wellflow bench [deploy|production ...]`: runs a benchmark and prints its results.

Without arguments the deploy-time benchmark runs; `production --help`, `import --help`,
`jobs --help`, `revenue --help`, `jib --help`, `allocation --help`, `report --help` and `forecasts --help`
list the options of the production-at-scale, import-shape, job-throughput, revenue-month,
joint-interest-billing, allocation, regulatory-report and forecast benchmarks."""

import sys

from bench import allocation, deploy_time, forecasts, import_shapes, jib, jobs, production, regulatory_report, revenue

if __name__ == "__main__":
    args = sys.argv[1:]
    if args and args[0] == "production":
        production.main(args[1:])
    elif args and args[0] == "import":
        import_shapes.main(args[1:])
    elif args and args[0] == "jobs":
        jobs.main(args[1:])
    elif args and args[0] == "revenue":
        revenue.main(args[1:])
    elif args and args[0] == "jib":
        jib.main(args[1:])
    elif args and args[0] == "allocation":
        allocation.main(args[1:])
    elif args and args[0] == "report":
        regulatory_report.main(args[1:])
    elif args and args[0] == "forecasts":
        forecasts.main(args[1:])
    elif not args or args[0] == "deploy":
        deploy_time.main()
    else:
        sys.exit(f"unknown benchmark {args[0]!r}: use deploy, production, import, jobs, revenue, jib, allocation, report or forecasts")
