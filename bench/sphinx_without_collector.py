"""``sphinx-build`` with Python's cyclic garbage collector disabled (``python -m bench.profile
--collector off``)."""

import gc
import sys

gc.disable()

from sphinx.cmd.build import main  # noqa: E402 (after the collector is off)

sys.exit(main(sys.argv[1:]))
