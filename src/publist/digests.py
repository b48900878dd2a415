"""blake2b, the one hash publist keys its cache, memo and seals by, and the constant-time
comparison of a seal.

hashlib (and hmac, which imports it) builds its OpenSSL constructors when imported: 2.5 ms of
every command's start-up. blake2b is CPython's own `_blake2` and the comparison
`_operator`'s, both taken directly where they exist.
"""

from __future__ import annotations

try:
    from _blake2 import blake2b as blake2b
except ImportError:  # another Python: hashlib's, the same function
    from hashlib import blake2b as blake2b

try:
    from _operator import _compare_digest as compare_digest
except ImportError:
    from hmac import compare_digest as compare_digest  # type: ignore[no-redef]

__all__ = ["blake2b", "compare_digest"]
