"""Entry point of the frozen `exam-app`: the same `main` as the `exam-app` console script."""

import sys

from exam_app.cli import main
from exam_app.core.frozen import enable_multiprocessing, is_multiprocessing_child

if __name__ == "__main__":
    if is_multiprocessing_child(sys.argv):
        # `review import` verifies bundles in worker processes, which a frozen program starts by running
        # itself again; freeze_support turns such a run into the worker instead of the command line.
        import multiprocessing

        enable_multiprocessing()
        multiprocessing.freeze_support()
    sys.exit(main())
