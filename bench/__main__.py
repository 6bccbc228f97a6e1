"""``python -m bench [TOPIC…]``: print the benchmarks' figures (see ``bench.run``)."""

import sys

from bench.run import main

main(sys.argv[1:])
