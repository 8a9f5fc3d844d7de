"""WellFlow benchmarks: commands that measure, never tests."""
