"""Entry point of the frozen `exam-app`: the same `main` as the `exam-app` console script."""

import multiprocessing
import sys

from exam_app.cli import main

if __name__ == "__main__":
    # `review import` verifies bundles in worker processes, which a frozen program starts by running
    # itself again; freeze_support turns such a run into the worker instead of the command line.
    multiprocessing.freeze_support()
    sys.exit(main())
