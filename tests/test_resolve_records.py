"""Crossref work messages read into records: titles, dates, containers, notices, CSL-JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citeaudit.resolve.records import work_notices, work_record, work_to_csl

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "crossref-recordings"
needs_recordings = pytest.mark.skipif(not SHARED.exists(), reason="shared/crossref-recordings not present")


def load(relative):
    return json.loads((SHARED / relative).read_text())["message"]


@needs_recordings
def test_synthetic_seed_record():
    record = work_record(load("synthetic/10.2307_2760418.json"))  # synthetic, hand-written
    assert record.doi == "10.2307/2760418"
    assert record.years == (1994,)
    assert record.containers == ("Pacific Affairs",)
    assert (record.volume, record.issue, record.page) == ("67", "3", "411-432")
    assert record.notices == ()
    assert record.csl["type"] == "article-journal"
    assert record.csl["container-title"] == "Pacific Affairs"


@needs_recordings
def test_recorded_correction_is_a_notice_but_not_a_retraction():
    record = work_record(load("works/doi/10.1371_journal.pone.0033693.json"))  # recorded
    assert [n.type for n in record.notices] == ["correction"]
    assert record.notices[0].doi == "10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda"
    assert record.notices[0].date == "2012-05-08"
    assert record.retractions == ()
    assert 2012 in record.years


def test_retraction_from_updated_by():
    work = {
        "DOI": "10.5555/retracted",
        "updated-by": [
            {"DOI": "10.5555/notice", "type": "retraction", "source": "retraction-watch", "label": "Retraction",
             "updated": {"date-parts": [[2020, 5, 1]]}},
        ],
    }
    (notice,) = work_record(work).retractions
    assert (notice.type, notice.doi, notice.date, notice.source) == ("retraction", "10.5555/notice", "2020-05-01", "retraction-watch")


def test_update_to_counts_only_when_it_points_at_the_work_itself():
    own = {"DOI": "10.5555/a", "update-to": [{"DOI": "10.5555/A", "type": "retraction", "updated": {"date-parts": [[2019]]}}]}
    notice_of_other = {"DOI": "10.5555/notice", "update-to": [{"DOI": "10.5555/a", "type": "retraction"}]}
    assert [n.type for n in work_notices(own)] == ["retraction"]
    assert work_notices(notice_of_other) == ()


def test_expression_of_concern_is_flagged():
    work = {"DOI": "10.5555/a", "updated-by": [{"DOI": "10.5555/eoc", "type": "expression_of_concern"}]}
    assert work_record(work).retractions[0].type == "expression_of_concern"


def test_csl_joins_subtitle_and_takes_first_date():
    csl = work_to_csl(
        {
            "DOI": "10.5555/X",
            "type": "book-chapter",
            "title": ["Main"],
            "subtitle": ["Sub"],
            "author": [{"family": "Doe", "given": "J."}, {"name": "Consortium"}],
            "published-online": {"date-parts": [[2001, 2]]},
            "container-title": ["Book"],
        }
    )
    assert csl == {
        "type": "chapter",
        "DOI": "10.5555/x",
        "title": "Main: Sub",
        "author": [{"family": "Doe", "given": "J."}, {"literal": "Consortium"}],
        "issued": {"date-parts": [[2001, 2]]},
        "container-title": "Book",
    }
    json.dumps(csl)  # plain JSON, safe to put in a report
