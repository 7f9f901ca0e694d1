"""The encoder's intermediate model: a source document split into regions and blocks, before any XML."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Line:
    """One source line: its 1-based number and its text (trailing white space removed)."""

    no: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass
class Block:
    """A block of running text: ``type`` is the TEI element it becomes (p, head, dateline, item, signed, seg,
    addrLine, bibl). ``line``/``col`` locate the start of ``text`` in the source. An item's ``label`` is its
    number as written ('1)', 'a.'), which ``n`` gives as data."""

    type: str
    text: str
    line: int
    col: int = 1
    n: str = ""
    label: str = ""


@dataclass
class Turn:
    """A speaker turn: the label as written, the speaker's key, and the blocks of speech."""

    label: str
    key: str
    line: int
    blocks: list = field(default_factory=list)


@dataclass
class Excerpt:
    """Turns quoted inside a narrative, with the id of their source citation."""

    turns: list = field(default_factory=list)
    source_id: str = ""


@dataclass
class ListBlock:
    """Numbered points (type "ordered"), or the persons present (type "participants", with its heading)."""

    items: list = field(default_factory=list)
    type: str = "ordered"
    head: Block | None = None


@dataclass
class Entry:
    """One entry of an archive listing."""

    line: int
    date: Block
    title: Block
    summary: Block | None = None


@dataclass
class Participant:
    key: str
    name: str
    forms: set = field(default_factory=set)
    role: str = ""
    group: str = ""   # the side or agency a participants list puts the person under ('United States', 'State')


@dataclass
class Omission:
    line: int
    reason: str
    text: str


@dataclass
class Document:
    """Everything the encoder found in one source."""

    doc_id: str
    kind: str
    title: str = ""
    title_resp: str = ""          # "" = from the text; "#encoder" = made by the encoder
    kind_evidence: list = field(default_factory=list)  # what the kind was concluded from
    head: Block | None = None
    dateline: Block | None = None
    opener: list = field(default_factory=list)
    body: list = field(default_factory=list)      # Block | Turn | Excerpt | ListBlock | Entry
    closer: list = field(default_factory=list)
    notes: list = field(default_factory=list)     # (n, text, line)
    note_style: str = "numbered"  # how the note list and its markers write numbers: "numbered", "bracket", "slash"
    source_note: str = ""         # the note that cites the source ('Source: …')
    citation: str = ""            # a post's citation line after its excerpts
    page_date: str = ""           # the date a site's page shows above the document
    site_publisher: str = ""      # the publisher the site's profile names
    funder: str = ""              # who the site's sponsor line thanks
    summary: str = ""             # the page's summary of the document
    fields: dict = field(default_factory=dict)    # a record page's fields: {label: value} ('Record ID', 'Rights', …)
    inferred_fields: set = field(default_factory=set)  # fields whose label the copy lost: taken by the page's order
    participants: dict = field(default_factory=dict)  # key -> Participant
    omissions: list = field(default_factory=list)
    warnings: list = field(default_factory=list)  # (line, col, message, rule)
    events: tuple = ()                            # what reading the file changed (encoding, NFC, …)
