"""People: author lists split into names, Person, and matching a person in every spelling."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from publist.latex import SPECIAL_PATTERN, latex_to_text
from publist.patterns import compile_on_use


class Person(NamedTuple):
    """One author: name parts decoded, and the name as printed (made once per distinct name,
    see person: a library names the same people again and again; a tuple, so that a run's
    memo stores and reads it as it is)."""

    first: str
    von: str
    last: str
    jr: str
    latex: str  # the name as it stands in the field, macros resolved
    display: str  # given names first, as a CV prints them
    latex_display: str  # the same with its LaTeX kept, for the LaTeX export
    marks: str = ""  # contribution marks written in the name ("*", "†"), taken out of it


def _given_first(first: str, von: str, last: str, jr: str) -> str:
    if not von and not jr:  # most names
        return f"{first} {last}" if first and last else first or last
    name = " ".join(filter(None, (first, von, last)))
    return f"{name}, {jr}" if jr else name


def split_people(latex: str) -> tuple[Person, ...]:
    """The people of an author or editor list (memo.Memo keeps a library's between runs);
    a closing 'and others' or 'et al.' is no person (see truncated)."""
    names = split_names(latex)
    if names and is_truncation(names[-1]):
        names.pop()
    return tuple(map(person, names))


# 'and others' is BibTeX's truncation; NASA ADS writes 'and et al.' (sometimes braced).
_TRUNCATION = re.compile(r"\{?\s*(?:others|et\.?\s*al\.?)\s*\}?", re.IGNORECASE)
_TRUNCATED_TAIL = compile_on_use(r"\band\s+\{?\s*(?:others|et\.?\s*al\.?)\s*\}?\s*$", re.IGNORECASE)


def is_truncation(name: str) -> bool:
    return _TRUNCATION.fullmatch(name.strip()) is not None


def truncated(latex: str) -> bool:
    """Whether an author list ends in 'and others' (or 'et al.'): more people than it names."""
    # What _TRUNCATED_TAIL needs at the end, looked at first: a search tries each 'and'.
    tail = latex.rstrip().removesuffix("}").rstrip().removesuffix(".").casefold()
    if not tail.endswith(("others", "al")) or not _TRUNCATED_TAIL.search(latex):
        return False  # nearly every list
    names = split_names(latex)
    return len(names) > 1 and is_truncation(names[-1])


# Author lists split at 'and' by patterns: bibtexparser's character loop gives the same
# answer (tested on every list of the corpus) and is ten times slower.
_AND = re.compile(r"[ \t\r\n]+and[ \t\r\n]+", re.IGNORECASE)
_AND_OR_BRACE = compile_on_use(r"\\.|[{}]|[ \t\r\n]+and[ \t\r\n]+", re.IGNORECASE | re.DOTALL)
_PLAIN_NAME = re.compile(r"[^{}\\~$]*")  # nothing LaTeX would decode but specials
_ESCAPED_BRACE_OR_SPACE = re.compile(r"\\[{}\s\\]")  # what would hide a brace or an 'and'
_BALANCED = re.compile(r"[^{}]*(?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}[^{}]*)*")  # two levels deep


def split_names(latex: str) -> list[str]:
    """The names of an author or editor list, split at 'and' outside braces, as
    bibtexparser splits them (and BibTeX): an escaped character (\\{, \\') is one token.

    bibtexparser drops an escape that opens a name ('A and \\'Eva B' gives 'Eva B');
    here it stays part of the name.
    """
    text = latex.strip(" \r\n\t")
    if not text:
        return []
    if "{" not in text and "}" not in text and "\\" not in text:
        return _AND.split(text)
    if not _ESCAPED_BRACE_OR_SPACE.search(text):  # every brace is one: split, then check
        names = _AND.split(text)
        if all(map(_BALANCED.fullmatch, names)):  # no 'and' was inside braces: a third of the time
            return names
    return split_by_tokens(text)


def split_by_tokens(text: str) -> list[str]:
    """split_names the long way: each brace, escape and 'and' in turn."""
    names, start, depth = [], 0, 0
    for match in _AND_OR_BRACE.finditer(text):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)  # as bibtexparser: a stray } closes nothing
        elif token[0] == "\\":
            continue
        elif depth == 0 and not text.startswith("}", match.end()):  # "and }" is a word
            names.append(text[start : match.start()])
            start = match.end()
    names.append(text[start:])
    return names


@lru_cache(maxsize=1 << 18)
def person(name: str) -> Person:
    """One name split into parts (cached: a lab's library names the same people again and again).

    Contribution marks written in the name ('Zhang*, Ran', 'Yuzhang Shang$^*$') are taken
    out first, so the person is matched and counted by the name alone."""
    written = name
    name, marks = take_marks(name) if may_have_marks(name) else (name, "")
    first, von, last, jr = _split_name(name) or ("", "", name, "")  # unsplittable: whole
    if _PLAIN_NAME.fullmatch(name) and not SPECIAL_PATTERN.search(name):
        display = _given_first(first, von, last, jr)  # nothing to decode: read as written
        return _NEW(Person, (first, von, last, jr, written, display, display, marks))
    text = [latex_to_text(part) for part in (first, von, last, jr)]
    given, particle, family, suffix = text
    shown = _given_first(given, particle, family, suffix)
    latex_shown = _given_first(first, von, last, jr)
    return Person(given, particle, family, suffix, written, shown, latex_shown, marks)


_NEW = tuple.__new__  # without Person's own __new__, a Python function (see pieces.NEW)


# --- contribution marks written in names ---

# What MARK or _BOLD cannot match without: a name's accents ('{\"o}') are no hint of a mark.
_MARK_HINT = re.compile(r"[*∗†‡§¶‖$]")
_MARK_COMMAND = compile_on_use(r"\\(?:text|dag|ddag|ast|footnotemark|underline|emph|bf)")


def may_have_marks(name: str) -> bool:
    """Whether take_marks can find anything: looked for first, most names have no mark."""
    return bool(_MARK_HINT.search(name) or ("\\" in name and _MARK_COMMAND.search(name)))


_SYMBOLS = r"\\(?:ast|star|dagger|dag|ddagger|ddag|S|P)(?![A-Za-z])|\\\#|[*∗†‡§¶‖]"
MARK = compile_on_use(
    rf"""\s*(?:
        \$\s*\^\s*\{{?\s*(?P<sup_math>(?:{_SYMBOLS}|\d+|[a-z]|,|\s)+?)\s*\}}?\s*\$  # $^{{*}}$, $^1$
      | \$\s*(?P<math>(?:{_SYMBOLS}|,|\s)+?)\s*\$                                 # $\dagger$
      | \\textsuperscript\s*\{{(?P<sup>[^{{}}]*)\}}                                 # \textsuperscript{{*}}
      | \\(?P<command>textdagger|textdaggerdbl|dagger|ddagger|dag|ddag|ast|textasteriskcentered)
        (?![A-Za-z])\s*(?:\{{\}})?
      | \\footnotemark(?:\[[^\]]*\])?
      | \\?(?P<symbol>[*∗†‡§¶‖])
    )""",
    re.VERBOSE,
)
_SYMBOL_OF = {
    "*": "*", "∗": "*", "\\ast": "*", "\\star": "*", "\\textasteriskcentered": "*",
    "†": "†", "\\dagger": "†", "\\dag": "†", "\\textdagger": "†",
    "‡": "‡", "\\ddagger": "‡", "\\ddag": "‡", "\\textdaggerdbl": "‡",
    "§": "§", "\\S": "§", "¶": "¶", "\\P": "¶", "‖": "‖", "\\#": "#",
}  # fmt: skip
_MARK_TOKEN = compile_on_use(r"\\[A-Za-z]+|\\#|[*∗†‡§¶‖]")
_BOLD = compile_on_use(
    r"\s*(?:\\(?:textbf|underline|emph)\s*\{(.*)\}|\{\\bf\s+(.*)\})\s*", re.DOTALL
)


def mark_symbols(text: str) -> str:
    """The marks one match of MARK stands for, as symbols ('*', '†'); digits and letters are
    affiliations, not marks."""
    symbols = (_SYMBOL_OF.get(token, "") for token in _MARK_TOKEN.findall(text))
    return "".join(dict.fromkeys(symbol for symbol in symbols if symbol))


def without_mark(name: str, symbol: str) -> str:
    """A name as written, without the marks that stand for `symbol` alone ('Zhang*, Ran'
    -> 'Zhang, Ran'); a mark that also stands for another ('$^{*\\dagger}$') stays."""
    return MARK.sub(
        lambda m: "" if mark_symbols(m.group(0).strip()) == symbol else m.group(0), name
    )


def take_marks(name: str) -> tuple[str, str]:
    """A name without its contribution marks (and a bold or underline around it), and the
    marks: 'Reed*, Courtney N.' -> ('Reed, Courtney N.', '*')."""
    found: list[str] = []

    def take(match: re.Match) -> str:
        found.append(mark_symbols(match.group(0).strip()))
        return ""

    clean = MARK.sub(take, name)
    bold = _BOLD.fullmatch(clean)
    if bold:  # '\textbf{M. Yaghini}': the file's own highlight; the name is inside
        clean = bold.group(1) if bold.group(1) is not None else bold.group(2)
    elif not found:
        return name, ""
    clean = re.sub(r"\s+,", ",", clean).strip()
    return clean, "".join(dict.fromkeys("".join(found)))


def _split_name(name: str) -> tuple[str, str, str, str] | None:
    """first, von, last, jr as written; None when bibtexparser cannot split it."""
    if _CAPITALISED.fullmatch(name) or ("," in name and _LAST_FIRST.fullmatch(name)):
        last, comma, first = name.partition(", ")
        if not comma:
            first, _, last = name.rpartition(" ")
        return first, "", last, ""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    try:
        parts = parse_single_name_into_parts(name, strict=False)
    except Exception:
        return None
    first, von, last, jr = (" ".join(p) for p in (parts.first, parts.von, parts.last, parts.jr))
    return first, von, last, jr


# 'Ada Byron King' or 'King, Ada Byron': words that each start with an ASCII capital, one
# space apart, with accents inside a word ('B{\"o}ckler', 'Prad\`ere'; a brace group without
# spaces or commas). bibtexparser splits them the same way (tested on every name of the
# corpus) at a tenth of the speed: a word's case is that of its first letter.
_LETTERS = r"[^\s,{}\\~$]*"
_ACCENT = r"""(?:\\[A-Za-z'"`^=.]|\{(?:[^\s,{}\\]|\\[^\s,{}])*\})"""
_WORD = rf"[A-Z]{_LETTERS}(?:{_ACCENT}{_LETTERS})*"  # unrolled: a third faster than (a|b)*
_WORDS = rf"{_WORD}(?: {_WORD})*"
_CAPITALISED = re.compile(rf"{_WORDS}(?:, {_WORDS})?")
# 'Aks{\i}n, {\"O}zge', '{de Rossi}, Alfredo': after the comma every word is a given name
# whatever its case, and a single word before it is the family name (bibtexparser's form 2).
_GROUP = r"\{(?:[^{}\\,]|\\[^{}\s,]|\{(?:[^{}\\,]|\\[^{}\s,])*\})*\}"  # one level nested
_TOKEN = rf"(?=[^\s,]){_LETTERS}(?:(?:\\[A-Za-z'\"`^=.]|{_GROUP}){_LETTERS})*"
_LAST_FIRST = compile_on_use(rf"(?:{_WORDS}|{_TOKEN}), {_TOKEN}(?: {_TOKEN})*")


# --- matching ---


@lru_cache(maxsize=1 << 18)  # stats folds every co-author's name
def fold(text: str) -> str:
    """Lower case, accents folded, hyphens, dots, spaces and braces dropped."""
    plain = latex_to_text(text)
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NAME_MARKS.sub("", fold_letters(plain))


_NAME_MARKS = re.compile(r"[\s\-.‐‑{}'’`]")


def fold_letters(text: str) -> str:
    """Lower case, with the letters NFKD does not decompose spelled plainly (Ł -> l)."""
    lowered = text.casefold()  # first, so capitals fold too
    return lowered.replace("ł", "l").replace("ø", "o").replace("đ", "d")


def initials(given: str) -> list[str]:
    """The initials of given names: 'Gyeong-In' -> ['g', 'i']; 'G.-I.' and 'GI' -> ['g', 'i']."""
    return [token[:1] for token in _given_tokens(given)]


def is_initials(given: str) -> bool:
    tokens = _given_tokens(given)
    return bool(tokens) and all(len(token) == 1 for token in tokens)


_CAPITALS_RUN = compile_on_use(r"[A-Z]{2,3}")  # 'GI' in 'GI Yu': initials without dots


def _given_tokens(given: str) -> list[str]:
    """Given names folded, one per token; a name made only of initials and runs of two or
    three capitals ('GI', 'J. RR') is read letter by letter."""
    tokens = [token for token in re.split(r"[\s\-.‐]+", latex_to_text(given)) if token]
    if tokens and all(len(token) == 1 or _CAPITALS_RUN.fullmatch(token) for token in tokens):
        tokens = [letter for token in tokens for letter in token]
    return [folded for token in tokens if (folded := fold(token))]


@dataclass(frozen=True)
class NameMatcher:
    """Matches authors against one person known by several spellings."""

    people: tuple[Person, ...]

    @classmethod
    def of(
        cls, names: Iterable[str], split: Callable[[str], Sequence[Person]] = split_people
    ) -> NameMatcher:
        """A matcher for these spellings; `split` is how names are split (a library's memo)."""
        people: list[Person] = []
        for name in names:
            if name and name.strip():
                people.extend(split(name.strip()))
        return cls(tuple(people))

    def __bool__(self) -> bool:
        return bool(self.people)

    def matches(self, author: Person) -> bool:
        return any(same_person(known, author) for known in self.people)

    def resembles(self, author: Person) -> bool:
        """Not the same person by the rules, but likely another spelling of one: the family
        name and the first initial agree ('Gyeongim Yu'), or the names are swapped."""
        for known in self.people:
            swapped = author._replace(first=author.last, last=author.first, von="")
            if same_person(known, swapped):
                return True
            if fold(known.von + known.last) == fold(author.von + author.last):
                if initials(known.first)[:1] == initials(author.first)[:1] != []:
                    return True
        return False

    def positions(self, authors: Sequence[Person]) -> list[int]:
        """1-based positions of the authors that match."""
        if not self.people:
            return []
        return [index for index, author in enumerate(authors, start=1) if self.matches(author)]


def same_person(known: Person, author: Person) -> bool:
    """Family names agree and given names agree, or are initials consistent with them."""
    if fold(known.von + known.last) != fold(author.von + author.last):
        return False
    known_given, given = fold(known.first), fold(author.first)
    if not given or not known_given:
        return not given and not known_given
    if known_given == given:
        return True
    if is_initials(author.first):
        wanted = initials(known.first)
        return initials(author.first) == wanted[: len(initials(author.first))]
    if is_initials(known.first):
        return initials(known.first) == initials(author.first)[: len(initials(known.first))]
    return False
