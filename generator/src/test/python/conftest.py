"""Puts the generator's hand-written Python (vmodel_runtime.py, vmodel_train.py) on sys.path for the tests."""

import os
import sys

_PYTHON = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "main",
                                        "resources", "dev", "vmodel", "generator", "python"))
if _PYTHON not in sys.path:
    sys.path.insert(0, _PYTHON)
