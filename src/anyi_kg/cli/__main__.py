"""``python -m anyi_kg.cli``: the ``anyi-kg`` command."""

import sys

from .main import main

sys.exit(main())
