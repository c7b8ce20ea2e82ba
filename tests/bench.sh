#!/bin/sh
# make bench: time per document, bytes per PDF and peak memory, for content/.
exec /usr/bin/python3 tests/bench.py "$@"
