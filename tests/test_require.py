"""The optional-dependency helper: skip by default, fail when the environment requires it."""

import math

import pytest

from tests._require import require, unavailable

MISSING = "course_lib_no_such_module"


def test_require_returns_the_module():
    assert require("math", "COURSE_REQUIRE_TEST") is math


@pytest.mark.parametrize("value", [None, "", "0"])
def test_missing_module_skips_when_not_required(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("COURSE_REQUIRE_TEST", raising=False)
    else:
        monkeypatch.setenv("COURSE_REQUIRE_TEST", value)
    with pytest.raises(pytest.skip.Exception, match=f"{MISSING} cannot be imported.*COURSE_REQUIRE_TEST=1"):
        require(MISSING, "COURSE_REQUIRE_TEST")


@pytest.mark.parametrize("value", ["1", "yes"])
def test_missing_module_fails_when_required(monkeypatch, value):
    monkeypatch.setenv("COURSE_REQUIRE_TEST", value)
    with pytest.raises(pytest.fail.Exception, match=f"{MISSING} cannot be imported.*COURSE_REQUIRE_TEST={value}"):
        require(MISSING, "COURSE_REQUIRE_TEST")


def test_unavailable_takes_any_reason(monkeypatch):
    monkeypatch.setenv("COURSE_REQUIRE_TEST", "1")
    with pytest.raises(pytest.fail.Exception, match="no browser at /nowhere"):
        unavailable("no browser at /nowhere", "COURSE_REQUIRE_TEST")
