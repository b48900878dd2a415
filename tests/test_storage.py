"""fields: the storage conventions and the one parser of venue types typed by users."""

from __future__ import annotations

import pytest

from publist import kinds
from publist.errors import UsageProblem
from publist.kinds import VenueType


@pytest.mark.parametrize("text", ["journal", "Journal", " JOURNAL "])
def test_parse_venue_type_any_case(text):
    assert kinds.parse_venue_type(text) is VenueType.JOURNAL


def test_parse_venue_type_rejects_unknown_with_one_line_listing_the_types():
    with pytest.raises(UsageProblem) as caught:
        kinds.parse_venue_type("bogus")
    message = str(caught.value)
    assert "\n" not in message
    assert "'bogus'" in message
    assert all(kind.value in message for kind in VenueType)
