"""WellFlow's Python layer: background jobs (Procrastinate), e-mail and report rendering (Jinja2),
and the database operations the command line and the tests share."""
