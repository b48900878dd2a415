"""Regular expressions compiled on first use.

Python compiles a pattern in Python code (re._parser), 0.1 to 2 ms each on a 2-core
machine, and a run meets only some of those its modules define: `add` compiled 88 at its
start (25 ms) and never used 57 of them (13 ms). A module defines such a pattern with
`compile_on_use()` instead of `re.compile()`; its first use compiles it, and the compiled
pattern's methods then sit on the object. A call still costs 50 to 80 ns more than on a
compiled pattern (an attribute of the instance rather than of its type), so a pattern that
a run meets for most entries of a large library (5,000 calls or more at 10k entries, in
any command) stays `re.compile`d at import. Use its methods and `.pattern`: it is no
`re.Pattern` to `isinstance`, nor to `re.sub(pattern, ...)`.
"""

import re
from typing import cast

# What a compiled pattern offers; after the first use each is the compiled one's own.
_ATTRIBUTES = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer",
               "scanner", "flags", "groups", "groupindex")  # fmt: skip


class _OnFirstUse:
    def __init__(self, source: str, flags: int) -> None:
        self.pattern = source
        self._flags = flags

    def __getattr__(self, name: str):  # only for what __dict__ lacks: before the first use
        if name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"compile_on_use({self.pattern!r})"


def compile_on_use(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, done when the pattern is first used."""
    return cast(re.Pattern[str], _OnFirstUse(source, flags))
