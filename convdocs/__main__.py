import sys

from convdocs.cli.main import main

sys.exit(main())
