import sys

from convdocs.cli import main

sys.exit(main())
