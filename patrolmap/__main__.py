"""`python -m patrolmap`: the same command line as `patrolmap`."""

from patrolmap.cli import main

main()
