"""``python -m civicdata`` is the same as the ``civicdata`` command."""

from .cli import main

raise SystemExit(main())
