"""kb.common: date bounds, paging, connections and the data version."""

from __future__ import annotations

import pytest

from caspian.document import Document
from caspian.kb import QueryError, common
from caspian.store import Store


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), ("  ", None), ("2024", "2024"), (" 2024-06 ", "2024-06"), ("2024-06-30", "2024-06-30")],
)
def test_dates_that_are_accepted(value, expected):
    assert common.check_date(value, "since") == expected


@pytest.mark.parametrize("value", ["yesterday", "2024/06/30", "24-06", "2024-6", "2024-06-30T10:00"])
def test_dates_that_are_refused(value):
    with pytest.raises(QueryError, match=r"until must be a date as YYYY, YYYY-MM or YYYY-MM-DD"):
        common.check_date(value, "until")


def test_date_conditions_compare_at_the_precision_given():
    assert common.date_conditions(None, None, None) == []
    assert len(common.date_conditions("published", "2024", "2024-06")) == 2


def test_a_page_unpacks_and_names_its_parts():
    page = common.Page(3, [{"id": 1}])
    total, items = page
    assert (total, items) == (page.total, page.items) == (3, [{"id": 1}])


def test_the_data_version_changes_with_the_data(tmp_path):
    with Store(f"sqlite:///{tmp_path / 'kb.db'}") as store:
        empty = common.data_version(store)
        text = "Oil output rose."
        store.write_batch([Document(raw=text, text=text, id="c" * 16, lang="en", events=[{"type": "MEETING"}])])
        after = common.data_version(store)
        assert empty != after
        with common.connect(store) as conn:
            assert common.data_version(conn) == after
