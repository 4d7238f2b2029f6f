"""`make run`: the whole product on this machine, in the foreground (see todos_devstack.run)."""

import sys

from todos_devstack.run import main

if __name__ == "__main__":
    sys.exit(main())
