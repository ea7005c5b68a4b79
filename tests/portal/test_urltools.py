"""reverse_pk gives exactly Django's reverse(), also under a script prefix (sub-path deploys)."""

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from portal.urltools import reverse_pk


@pytest.mark.parametrize("pk", [1, 42, 987654, 2**40])
def test_same_as_reverse(pk):
    assert reverse_pk("disclosure:document", pk) == reverse("disclosure:document", kwargs={"pk": pk})


def test_follows_the_script_prefix():
    set_script_prefix("/gov/")
    try:
        assert reverse_pk("disclosure:document", 7) == "/gov/xxgk/doc/7/"
        assert reverse_pk("disclosure:document", 7) == reverse("disclosure:document", kwargs={"pk": 7})
    finally:
        clear_script_prefix()
    assert reverse_pk("disclosure:document", 7) == "/xxgk/doc/7/"
