"""Site profiles as data: a profile applies on its own evidence; only the lines it names are left out."""

from __future__ import annotations

from pipeline.encode.recognise.sites import load_profiles, profile_of, sites_of
from pipeline.encode.recognise.text import to_lines

from .helpers import doc_of, tei, xp


def test_profiles_are_data_files():
    names = {p.name for p in load_profiles()}
    assert {"generic", "wilson-center", "history-state-gov", "blogger"} <= names


def test_a_site_applies_on_its_own_evidence():
    wilson = "Skip to content\n\nMay 2, 1971\n\nCable No. 12\n\nText.\n\nDocument Information\n\nSource\n\nArchive X."
    assert sites_of(to_lines(wilson)).site.name == "wilson-center"
    assert sites_of(to_lines("Skip to content\n\nJust a text.")).site is None


def test_a_new_site_is_a_new_profile():
    prof = profile_of({"name": "example", "evidence_lines": ["Example Archive"], "furniture_lines": ["Menu"]})
    s = sites_of(to_lines("Example Archive\nMenu\nText."), (prof,))
    assert s.site is prof and s.is_furniture("Menu") and not s.is_furniture("Text.")


def test_only_named_lines_are_left_out():
    doc = doc_of("Skip to content\n\nSearch\n\nA short note on the harvest.\n\nIt was good.")
    assert [o.text for o in doc.omissions] == ["Skip to content"]  # 'Search' is Wilson furniture, not this page's
    assert [b.text for b in doc.body][:1] == ["Search"]


def test_wilson_record_invented():
    text = """Skip to content

March 9, 1973

Cable from Tran Van Binh to Bay Hoa

This document was made possible with support from The Invented Foundation

To: Bay Hoa

I. The talks[1] went on for two days.

II. We ask for new instructions.[2]

[1] The talks in the capital.
[2] Not found in the archive.

Document Information

Source

Invented Archive, Hue. Translated by A. Reader.

Record ID

998877"""
    root, res = tei(text)
    assert xp(root, "string(//t:catRef/@target)") == "#wilson-record"
    assert xp(root, "string(//t:div/t:head)") == "Cable from Tran Van Binh to Bay Hoa"
    assert xp(root, "string(//t:opener/t:seg)") == "To: Bay Hoa"
    assert [n.get("n") for n in xp(root, "//t:body//t:p/t:note")] == ["1", "2"]
    assert "[1]" not in xp(root, "string(//t:body)")
    assert xp(root, "string(//t:creation/t:date/@when)") == "1973-03-09"
    assert xp(root, "string(//t:funder)") == "The Invented Foundation"
    omitted = xp(root, "//t:list[@type='omitted']/t:item/t:quote/text()")
    assert "Skip to content" in omitted and "Record ID" in omitted
    assert xp(root, "string(//t:sourceDesc//t:publisher)") == "Wilson Center Digital Archive"
