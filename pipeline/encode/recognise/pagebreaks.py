"""Page breaks inside a word: the site prints a page marker with a space on each side even where the page turns in
the middle of a word ('imme [Page 405] diate'), so that the word falls apart in the copy.

A marker is inside a word only on the document's own evidence: the two pieces are letters (the second in lower
case), the word they make is written whole elsewhere in the document, and one piece at least is not a word of it
('any [Page 3] one' stays two words: 'any' and 'one' are words of the document). No dictionary: a word the document
writes only once, across the page, stays as the copy has it."""

from __future__ import annotations

import collections
import re

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
BEFORE = re.compile(r"(?<![\w'’-])([^\W\d_]+) $")
WINDOW = 64  # longer than any word a page can split
AFTER = re.compile(r" ([^\W\d_]*[a-zß-ÿ][^\W\d_]*)(?![\w'’-])")


def vocabulary(text: str) -> collections.Counter:
    """How often each word (lower-cased) is written in ``text``."""
    return collections.Counter(map(str.lower, WORD.findall(text)))


def inside_word(text: str, start: int, end: int, vocab: collections.Counter) -> bool:
    """The page marker ``text[start:end]`` stands inside a word split in two by the page ('ear [Page 3] lier')."""
    # the word before is looked for in the few characters before the marker, not from the start of the block (a
    # block may have thousands of markers); a longer word fails BEFORE's look-behind at the window's edge
    a = BEFORE.search(text, max(0, start - WINDOW), start)
    b = AFTER.match(text, end)
    if not a or not b or not b.group(1)[:1].islower():
        return False
    first, second = a.group(1).lower(), b.group(1).lower()
    whole = first + second
    # each piece is counted once here, at the break: a piece that is a word of the document is written elsewhere
    return vocab[whole] > 0 and not (vocab[first] > 1 and vocab[second] > 1)
