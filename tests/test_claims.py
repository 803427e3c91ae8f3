"""claims.claim: silent when the sentence holds, a ClaimError quoting it and its evidence when not."""

import numpy as np
import pytest

from course_lib.claims import ClaimError, claim


def test_a_true_claim_is_silent(capsys):
    assert claim(np.float64(1.0) < 2, "one is less than two", one=1.0) is None
    assert capsys.readouterr().out == ""


def test_a_false_claim_quotes_the_sentence_and_the_evidence():
    with pytest.raises(ClaimError, match=r'the page says "Nesterov needs fewer steps", but GD = 94, Nesterov = 108'):
        claim(108 < 94, "Nesterov needs fewer steps", GD=94, Nesterov=108)
    with pytest.raises(AssertionError, match="does not hold"):  # a ClaimError is an AssertionError
        claim(False, "it holds")


@pytest.mark.parametrize(("holds", "sentence"), [(np.array([True, False]), "all of them"), (True, ""), (True, 3)])
def test_bad_arguments_name_themselves(holds, sentence):
    with pytest.raises(ValueError, match=r"holds|sentence"):
        claim(holds, sentence)
