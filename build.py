#!/usr/bin/env python3
"""Build the exercise handbook: `python build.py --help`."""

import os
import sys

from handbook.cli import KEEP_UNTIL_EXIT, main

if __name__ == "__main__":
    code = main()
    if KEEP_UNTIL_EXIT:  # `check` ran: end without freeing what it built, object by object
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)
