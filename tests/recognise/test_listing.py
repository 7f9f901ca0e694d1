"""A listing needs dated entries with titles and no running text."""

from __future__ import annotations

from pipeline.encode.model import Entry

from .helpers import doc_of, tei, xp

LISTING = """Search in

Digital Archive International History Declassified

  • June 02, 1961

    Letter from A. Ivanova to B. Tran

    A letter about coal.

  • 1962

    Minutes of a Meeting of the Trade Committee

    Minutes.

  • August 19, 1963

    Note on the Harbour

    A note."""


def test_dated_entries_make_a_listing_dated_by_their_span():
    doc = doc_of(LISTING)
    assert doc.kind == "listing" and sum(isinstance(e, Entry) for e in doc.body) == 3
    root, _ = tei(LISTING)
    assert xp(root, "string(//t:creation/t:date/@from)") == "1961-06-02"
    assert xp(root, "string(//t:creation/t:date/@to)") == "1963-08-19"
    assert xp(root, "//t:sourceDesc/t:bibl/t:title") == []  # no made-up source title


def test_bullets_of_names_are_not_a_listing():
    doc = doc_of("Notes\n\n  • Ann Roe, Clerk\n  • Bo Li, Judge\n  • Cy Doe, Usher\n  • Di Fox, Scribe\n"
                 "  • Ed Kim, Guard\n\nAnn Roe: Order.")
    assert doc.kind != "listing" and not any(isinstance(e, Entry) for e in doc.body)


def test_running_text_under_dated_bullets_is_not_a_listing():
    text = "  • June 02, 1961\n\n    A.\n\n    B.\n\n    C.\n\n    D.\n\n  • 1962\n\n    E."
    assert doc_of(text).kind != "listing"
