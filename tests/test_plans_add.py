"""plans.add: the upgrade of a preprint's entry into its published version (pure)."""

from __future__ import annotations

from publist.normalize import draft
from publist.plans.add import upgrade
from publist.plans.base import Action

PREPRINT = [
    ("author", "{Ada Lovelace and Charles Babbage and Luigi Menabrea}"),
    ("title", "{Notes on the Analytical Engine}"),
    ("howpublished", "{arXiv preprint arXiv:1843.00001}"),
    ("year", "{1843}"),
    ("month", "jun"),
    ("eprint", "{1843.00001}"),
    ("archiveprefix", "{arXiv}"),
    ("url", "{https://arxiv.org/abs/1843.00001}"),
    ("code", "{https://github.com/ada/engine}"),
    ("note", "{arXiv:1843.00001}"),
    ("keywords", "{preprint, engines}"),
    ("author+an", "{1=equal; 3=equal}"),
    ("award", "{Oral}"),
    ("ids", "{lovelace1843arxiv}"),
]
PUBLISHED = [
    ("author", "{Ada Lovelace and Charles Babbage}"),
    ("title", "{Notes on the Analytical Engine}"),
    ("journal", "{Scientific Memoirs}"),
    ("volume", "{3}"),
    ("pages", "{666--731}"),
    ("year", "{1843}"),
    ("doi", "{10.1000/memoirs.3}"),
]


def upgraded():
    published = draft("article", PUBLISHED, set(), origin="doi.org")
    return upgrade("lovelace1843notes", "misc", PREPRINT, published)


def test_the_preprint_key_stays_and_the_entry_becomes_the_published_one():
    result = upgraded()
    assert result.change.action is Action.REPLACE and result.change.key == "lovelace1843notes"
    fields = dict(result.draft.fields)
    assert result.draft.entry_type == "article"
    assert fields["journal"] == "{Scientific Memoirs}" and fields["doi"] == "{10.1000/memoirs.3}"
    assert (result.old_type, result.venue_type) == ("preprint", "journal")


def test_the_arxiv_id_and_the_users_fields_stay():
    fields = dict(upgraded().draft.fields)
    assert fields["eprint"] == "{1843.00001}" and fields["archiveprefix"] == "{arXiv}"
    assert fields["code"] == "{https://github.com/ada/engine}"
    assert fields["keywords"] == "{journal, engines}"
    assert fields["award"] == "{Oral}" and fields["ids"] == "{lovelace1843arxiv}"


def test_the_preprints_place_and_date_go():
    fields = dict(upgraded().draft.fields)
    assert "month" not in fields  # the published version has none: never arXiv's
    assert "howpublished" not in fields and "url" not in fields and "note" not in fields


def test_marks_past_the_published_author_list_go():
    assert dict(upgraded().draft.fields)["author+an"] == "{1=equal}"


def test_what_changed_is_told():
    assert upgraded().summary == (
        "@misc -> @article; set journal, volume, pages, doi; changed author, keywords, "
        "author+an; dropped howpublished, month, url, note; kept eprint 1843.00001"
    )


def test_another_key_the_user_cites_goes_into_ids():
    published = draft("article", PUBLISHED, set())  # pasted by the user, under their own key
    result = upgrade("lovelace1843notes", "misc", PREPRINT, published, ["Lovelace1843Memoirs"])
    assert dict(result.draft.fields)["ids"] == "{lovelace1843arxiv, Lovelace1843Memoirs}"
    assert (
        dict(result.draft.fields)["keywords"] == "{journal, engines}"
    )  # classified: a pasted entry has no guess stored


def _without(fields, *names):
    return [(name, value) for name, value in fields if name not in names]


def test_a_corr_entry_keeps_its_arxiv_id_as_eprint():
    """DBLP's CoRR form says the arXiv id only in its volume (abs/...), a place field."""
    corr = [*_without(PREPRINT, "eprint", "archiveprefix", "note", "url", "howpublished"),
            ("journal", "{CoRR}"), ("volume", "{abs/1843.00001}")]  # fmt: skip
    fields = dict(upgrade("lovelace1843notes", "article", corr, _published()).draft.fields)
    assert fields["eprint"] == "{1843.00001}" and fields["archiveprefix"] == "{arXiv}"
    assert fields["journal"] == "{Scientific Memoirs}" and fields["volume"] == "{3}"


def test_an_arxiv_id_named_only_in_a_note_or_a_link_becomes_eprint():
    for kept in ("note", "url"):
        named = _without(PREPRINT, "eprint", "archiveprefix", "note" if kept == "url" else "url")
        fields = dict(upgrade("lovelace1843notes", "misc", named, _published()).draft.fields)
        assert fields["eprint"] == "{1843.00001}", kept
        assert "note" not in fields and "url" not in fields


def test_the_doi_given_is_stored_and_its_percent_encoded_link_goes():
    """A record without its DOI, linking it through doi.org (the slash quoted): the DOI the
    caller found is stored, and the link that only repeats it is no url of the user's."""
    linked = [*_without(PUBLISHED, "doi"), ("url", "{https://doi.org/10.1000%2Fmemoirs.3}")]
    published = draft("article", linked, set(), origin="Crossref")
    result = upgrade("lovelace1843notes", "misc", PREPRINT, published, doi="10.1000/memoirs.3")
    fields = dict(result.draft.fields)
    assert fields["doi"] == "{10.1000/memoirs.3}" and "url" not in fields


def test_a_url_of_the_users_own_stays():
    own = [*_without(PREPRINT, "url"), ("url", "{https://ada.example.org/engine}")]
    fields = dict(upgrade("lovelace1843notes", "misc", own, _published()).draft.fields)
    assert fields["url"] == "{https://ada.example.org/engine}"


def _published():
    return draft("article", PUBLISHED, set(), origin="doi.org")
