"""patterns.compile_on_use: a pattern compiled when first used answers as re.compile's."""

import re

from hypothesis import given
from hypothesis import strategies as st

from publist.patterns import compile_on_use

SOURCE = r"(?P<word>[a-z]+)(\d*)"


def test_nothing_is_compiled_before_the_first_use(monkeypatch):
    compiled = []
    monkeypatch.setattr(re, "compile", lambda *args: compiled.append(args) or re.Pattern)
    compile_on_use(SOURCE, re.IGNORECASE)
    assert compiled == []


@given(st.text(alphabet="abcXYZ019 -", max_size=30))
def test_every_method_answers_as_the_compiled_pattern(text):
    expected = re.compile(SOURCE, re.IGNORECASE)
    deferred = compile_on_use(SOURCE, re.IGNORECASE)
    assert repr(deferred.search(text)) == repr(expected.search(text))
    assert repr(deferred.match(text)) == repr(expected.match(text))
    assert repr(deferred.fullmatch(text)) == repr(expected.fullmatch(text))
    assert deferred.sub(r"<\1>", text) == expected.sub(r"<\1>", text)
    assert deferred.subn("", text) == expected.subn("", text)
    assert deferred.split(text) == expected.split(text)
    assert deferred.findall(text) == expected.findall(text)
    assert [m.span() for m in deferred.finditer(text)] == [
        m.span() for m in expected.finditer(text)
    ]
    assert (deferred.flags, deferred.groups, deferred.groupindex) == (
        expected.flags, expected.groups, expected.groupindex)  # fmt: skip
    assert deferred.pattern == SOURCE


def test_the_first_call_leaves_the_compiled_methods_in_place():
    deferred = compile_on_use(SOURCE)
    assert deferred.sub("", "abc12 x") == " "
    assert vars(deferred)["search"].__self__.pattern == SOURCE  # the compiled pattern's own


def test_a_name_a_pattern_lacks_is_an_attribute_error():
    deferred = compile_on_use(SOURCE)
    assert not hasattr(deferred, "no_such_method")
    assert "search" not in vars(deferred)  # asking for it compiled nothing
