#!/usr/bin/env python3
"""Build the exercise handbook: `python build.py --help`."""

import sys

from handbook.cli import main

if __name__ == "__main__":
    sys.exit(main())
