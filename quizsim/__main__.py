"""`python -m quizsim` runs the same CLI as the `quizsim` script."""

from quizsim.cli.main import main

raise SystemExit(main())
