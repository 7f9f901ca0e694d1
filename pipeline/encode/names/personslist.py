"""A source's list of persons (FRUS volumes open with one: 'Kissinger, Henry A., Assistant to the President …'),
read into register entries so that every person of the volume is known, with role and dates, before the documents
are read. Input: the list as TEI (``<item><persName>Family, Given</persName>, role</item>``, FRUS's markup) or
as plain text (one ``Family, Given, role`` per line). Output: a TOML registry file that ``load_registry`` reads
beside ``registry/persons.toml`` (``registry/persons-*.toml``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...errors import PipelineError
from .forms import HONORIFICS, PERSON_TITLES, family_and_given, key_of, sort_form

_SEE = re.compile(r"^\s*see\b", re.I)
_LINE = re.compile(r"^\s*(?:[•*\-–]\s*)?(?P<family>[^,\d]{2,60}),\s*(?P<given>[^,]{1,60})(?:,\s*(?P<role>.*))?$")


@dataclass(frozen=True)
class ListedPerson:
    listed: str        # the name as the list gives it: 'Kissinger, Henry A.'
    role: str          # what the list says of the person (offices, with their dates)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" ,;")


def read_tei_list(root) -> list[ListedPerson]:
    """Each item of the list that opens with a persName (namespaced or not)."""
    out = []
    for item in root.iter("{*}item"):
        pn = next(item.iter("{*}persName"), None)
        if pn is None:
            continue
        listed = _clean("".join(pn.itertext()))
        whole = _clean("".join(item.itertext()))
        role = _clean(whole[whole.find(listed) + len(listed):] if listed in whole else "")
        out.append(ListedPerson(listed, role))
    return out


def read_text_list(text: str) -> list[ListedPerson]:
    """Each line 'Family, Given, role' (a line that is not so shaped is no entry)."""
    out = []
    for line in text.splitlines():
        m = _LINE.match(line)
        if m and m.group("family").strip()[:1].isupper():
            out.append(ListedPerson(_clean(f"{m.group('family')}, {m.group('given')}"), _clean(m.group("role") or "")))
    return out


def read_persons_list(path: Path) -> list[ListedPerson]:
    """The persons of a list file: TEI/XML read by the hardened parser, anything else as plain text."""
    data = path.read_bytes()
    if data.lstrip()[:1] == b"<":
        from ...xmlsafe import parse_untrusted
        if b"xmlns" not in data[:2000]:  # a fragment cut from a TEI file: its elements in no namespace
            data = b'<list xmlns:frus="http://history.state.gov/frus/ns/1.0" ' \
                   b'xmlns:xi="http://www.w3.org/2001/XInclude">' + re.sub(rb"^<\?xml[^>]*\?>", b"", data) + b"</list>"
        return read_tei_list(parse_untrusted(path, data=data).getroot())
    try:
        return read_text_list(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PipelineError(f"{path}: error: a persons list must be UTF-8 text or XML") from None


def _without_titles(given: str) -> str:
    """'General R.F.' → 'R.F.'; 'Kamal Sheik' → 'Kamal' (titles the list writes among the given names)."""
    return " ".join(w for w in given.split() if w.lower().strip(".,") not in PERSON_TITLES | HONORIFICS)


def natural_forms(listed: str) -> tuple[str, list[str]]:
    """The name in reading order and the other forms a text may write: 'Kissinger, Henry A.' → 'Henry A.
    Kissinger', ['Kissinger, Henry A.', 'Henry Kissinger']; a nickname in quotation marks ('Botha, Roelof
    Frederik “Pik”') is a form with the family name ('Pik Botha')."""
    family, given = family_and_given(listed)
    given = _without_titles(given)
    nick = re.findall(r"[“\"]([^”\"]+)[”\"]", given)
    given = _clean(re.sub(r"[“\"][^”\"]+[”\"]", "", given))
    suffix = [w for w in given.split() if w.lower().rstrip(".") in {"jr", "sr", "ii", "iii"}]
    plain = [w for w in given.split() if w not in suffix]
    name = _clean(" ".join(plain + [family] + suffix))
    forms = [listed]
    short = [w for w in plain if not re.fullmatch(r"(?:[A-Z]\.)+", w)]  # without middle initials
    if suffix:
        forms.append(_clean(" ".join(plain + [family])))
    if short and short != plain:
        forms.append(_clean(" ".join(short + [family])))
    forms += [f"{n} {family}" for n in nick]
    return name, [f for f in dict.fromkeys(forms) if f != name]


def _without_parentheses(listed: str) -> tuple[str, list[str]]:
    """'Vorster (also Voerster), Balthazar Johannes' → ('Vorster, Balthazar Johannes', ['Voerster']): another
    spelling the list gives in parentheses is a form of the family name."""
    also = [m.group(1).strip() for m in re.finditer(r"\((?:also|or|né|née)\s+([^)]+)\)", listed)]
    return _clean(re.sub(r"\s*\([^)]*\)", "", listed)), also


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_toml(persons: list[ListedPerson], source: str, existing) -> str:
    """The registry file of ``persons``; a person the register already holds (by a form) keeps its key, and the
    entry adds forms and the role to it. Cross-references ('see Melo Antunes, Ernesto de') are left out."""
    lines = [f"# Persons of {source}, imported by `pipeline register import` (edit freely; keys are stable).", ""]
    seen = set()
    for p in persons:
        if _SEE.match(p.role) or not p.listed:
            continue
        listed, also = _without_parentheses(p.listed)
        name, forms = natural_forms(listed)
        if not name:
            continue
        family, given = family_and_given(listed)
        forms += [f"{_without_titles(given)} {alt}".strip() for alt in also] + also
        bare = f"{family}, {_without_titles(given)}" if given else family  # 'Armstrong, General R.F.' → 'Armstrong, R.F.'
        key = next((k for k in (existing(f) for f in [name, *forms]) if k), None) or key_of(bare)
        if key in seen:
            continue
        seen.add(key)
        lines += ["[[person]]", f"key = {_toml_str(key)}", f"name = {_toml_str(name)}",
                  f"sort = {_toml_str(sort_form(bare))}",
                  "forms = [" + ", ".join(_toml_str(f) for f in forms) + "]"]
        if p.role:
            lines.append(f"note = {_toml_str(p.role)}")
        lines.append("")
    return "\n".join(lines)
