"""Optional test dependencies: skip the tests that need one when it is missing, unless told not to.

PyTorch (parity tests) and a browser (browser tests) are optional on a student's laptop, where
their tests skip with the reason. CI sets ``COURSE_REQUIRE_TORCH=1`` and
``COURSE_REQUIRE_BROWSER=1``: there a missing dependency fails the run instead of turning the
checks that need it into silent skips. Use it at module level or in a fixture::

    torch = require("torch", "COURSE_REQUIRE_TORCH")
"""

from __future__ import annotations

import importlib
import os

import pytest


def is_required(env_var: str) -> bool:
    """Whether the environment variable ``env_var`` is set to anything but "" or "0"."""
    return os.environ.get(env_var, "") not in ("", "0")


def unavailable(reason: str, env_var: str):
    """Skip the calling test (or test module) because of ``reason``; fail instead if ``env_var`` is set."""
    if is_required(env_var):
        pytest.fail(f"{reason}, but {env_var}={os.environ[env_var]} says it is required", pytrace=False)
    pytest.skip(f"{reason} (set {env_var}=1 to make this a failure)", allow_module_level=True)


def require(module_name: str, env_var: str):
    """Import and return the module ``module_name``; if that fails, :func:`unavailable`."""
    try:
        return importlib.import_module(module_name)
    except ImportError as error:
        unavailable(f"{module_name} cannot be imported ({error})", env_var)
