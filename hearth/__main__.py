"""Allow `python -m hearth`."""

from hearth.cli import main

raise SystemExit(main())
