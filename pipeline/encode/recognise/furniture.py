"""Site furniture: the lines a site profile names (navigation, sponsor line, the record's field trailer and the
page's summary), set aside with their reasons. Only lines an applying profile names are omitted."""

from __future__ import annotations

import re

from ..model import Document, Line
from .sites import Profile, Sites
from .text import omit

DATE_VALUE = re.compile(r"^\d{4}-\d{2}-\d{2}$|^\w+ \d{1,2}, \d{4}$")


def split_furniture(doc: Document, lines: list[Line], sites: Sites) -> list[Line]:
    """The body lines of the page: leading furniture lines, the sponsor line, the field trailer and the summary
    before it are omitted (each recorded in ``doc.omissions``); the trailer's fields go into ``doc.fields``."""
    i = 0
    while i < len(lines) and (lines[i].blank or sites.is_furniture(lines[i].text.strip())):
        omit(doc, [lines[i]], "site-furniture")
        i += 1
    site = sites.site
    trailer_start = site.trailer_start if site is not None else frozenset()
    end = next((j for j in range(i, len(lines)) if lines[j].text.strip() in trailer_start), len(lines))
    body = lines[i:end]
    if end < len(lines):
        trailer = lines[end:]
        for line in trailer:
            omit(doc, [line], "site-furniture" if sites.is_furniture(line.text.strip()) else "metadata")
        parse_fields(doc, trailer, site)
        if site.summary_before_trailer:
            body = split_summary(doc, body)
    kept: list[Line] = []
    for line in body:
        m = next((p.support_pattern.match(line.text.strip()) for p, _e in sites.applying if p.support_pattern),
                 None)
        if m:
            doc.funder = doc.funder or m.group("funder")
            omit(doc, [line], "site-furniture")
        else:
            kept.append(line)
    return kept


def split_summary(doc: Document, body: list[Line]) -> list[Line]:
    """The page's summary: the last paragraph before the trailer, after a gap of three or more blank lines."""
    k = len(body)
    while k and body[k - 1].blank:
        k -= 1
    s = k
    while s and not body[s - 1].blank:
        s -= 1
    gap = s
    while gap and body[gap - 1].blank:
        gap -= 1
    if s < k and s - gap >= 3 and gap > 0:
        summary = body[s:k]
        omit(doc, summary, "summary")
        doc.summary = " ".join(line.text.strip() for line in summary)
        return body[:gap]
    return body


def parse_fields(doc: Document, lines: list[Line], site: Profile) -> None:
    """The record's fields (label lines followed by values, in the profile's order of fields). A value whose
    label the copy lost is assigned by the page's order of fields, with a warning."""
    labels = site.fields
    label, values = None, {}
    order: list[str] = []
    rights = site.rights_pattern
    for line in lines:
        t = line.text.strip()
        if not t:
            continue
        if t in labels:
            label = t
            order.append(t)
            values.setdefault(t, [])
            continue
        if t in site.trailer_start:
            label = None
            continue
        if label == "Original Uploaded Date" and not DATE_VALUE.match(t):
            label = None
        if label is None:
            is_rights = bool(rights and rights.search(t))
            if is_rights and "Rights" not in values:
                values.setdefault("Rights*", []).append(line)
            elif "Source" not in values and "Source*" not in values and "Rights*" not in values:
                values.setdefault("Source*", []).append(line)
            elif "Rights*" in values and is_rights:
                values["Rights*"].append(line)
            else:
                nxt = next_label_by_order(order, labels)
                if nxt:
                    values.setdefault(nxt + "*", []).append(line)
                    order.append(nxt)
                    doc.warnings.append((line.no, 1, f"a value without its label on the page: taken as "
                                         f"'{nxt}' by the order of the page's fields: {t!r}", "field-order"))
                else:
                    values.setdefault("Unlabelled*", []).append(line)
            continue
        values[label].append(line)
    for name, vlines in values.items():
        if vlines:
            doc.fields[name.rstrip("*")] = " ".join(v.text.strip() for v in vlines)
            if name.endswith("*") and name != "Unlabelled*":
                doc.inferred_fields.add(name.rstrip("*"))


def next_label_by_order(seen: list[str], labels: tuple) -> str | None:
    """The field that follows the last one seen, in the page's usual order."""
    if not seen or seen[-1] not in labels:
        return None
    i = labels.index(seen[-1])
    return labels[i + 1] if i + 1 < len(labels) else None
