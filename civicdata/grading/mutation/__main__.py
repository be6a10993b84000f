"""``python -m civicdata.grading.mutation``: see :mod:`civicdata.grading.mutation.run`."""

import sys

from .run import main

if __name__ == "__main__":
    sys.exit(main())
