"""Text pasted from PDFs and Word: lines a PDF cut at its margin, joined back into paragraphs.

Copying from a PDF gives one hard line break per printed line. Paragraphs (separated by a
blank line) and list items (a line that starts with a number or a bullet) are kept; every
other line break inside a paragraph is joined: without a space between two Thai letters
(Thai writes words together, so the PDF cut between two words), with one space otherwise.
The sara am that some PDFs give as nikhahit + sara aa (ํา) becomes ำ again.

Nothing here changes what a user typed by itself: pages offer the joined text as a
suggestion and save it only when the officer accepts it.
"""

import re

_THAI = "\u0e00-\u0e7f"
# A line that starts a list item: 1. 1) (1) ๑) ก. - • ข้อ 1
_LIST_ITEM = re.compile(
    r"""^\s*(?:
        [0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,3})*[.)]   # 1.  1.1.  1)  ๑)
      | \([0-9๐-๙ก-ฮ]{1,3}\)                 # (1)  (ก)
      | [ก-ฮ][.)]\s                          # ก.  ก)
      | [-•·*–]\s                            # a bullet
      | ข้อ\s*[0-9๐-๙]                       # ข้อ 1
    )""",
    re.VERBOSE,
)
_BLANK_LINE = re.compile(r"\n[ \t\u00a0]*\n+")


def _join(previous: str, following: str) -> str:
    previous, following = previous.rstrip(), following.lstrip()
    if not previous:
        return following
    if not following:
        return previous
    thai_both = re.match(f"[{_THAI}]", previous[-1]) and re.match(f"[{_THAI}]", following[0])
    return previous + ("" if thai_both else " ") + following


def join_hard_wraps(text: str) -> str:
    """The text with the line breaks a PDF made inside paragraphs joined (see module)."""
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\u0e4d\u0e32", "\u0e33")
    paragraphs = []
    for block in _BLANK_LINE.split(value):
        lines = [line for line in block.split("\n")]
        joined = []
        for line in lines:
            if joined and line.strip() and not _LIST_ITEM.match(line) and joined[-1].strip():
                joined[-1] = _join(joined[-1], line)
            else:
                joined.append(line.rstrip())
        paragraphs.append("\n".join(joined).strip("\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph.strip()).strip()


def looks_hard_wrapped(text: str) -> bool:
    """Whether joining would change more than the ends of the text: a suggestion is worth
    showing only then."""
    value = (text or "").strip()
    return "\n" in value and join_hard_wraps(value) != value.replace("\r\n", "\n")
