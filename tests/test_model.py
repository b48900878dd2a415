from publist import bibfile, model, reading


def decode(text: str) -> list[model.Publication]:
    return reading.publications(bibfile.load_text(text))


def test_latex_becomes_unicode_and_macros_resolve():
    (item,) = decode(
        '@string{osdi = "Symposium on {OSDI}"}\n'
        "@inproceedings{k, author = {Ana Klimovi{\\'c} and Yu, Gyeong-In},"
        " title = {{GPU} \\& $\\approx$ fast}, booktitle = osdi # { 2022}, year = 2022, month = jul}\n"
    )
    assert item.title == "GPU & ≈ fast"
    assert item.venue == "Symposium on OSDI 2022"
    assert item.latex_fields["booktitle"] == "Symposium on {OSDI} 2022"
    assert [a.display for a in item.authors] == ["Ana Klimović", "Gyeong-In Yu"]
    assert (item.year, item.month) == (2022, 7)
    assert item.warnings == ()


def test_undefined_macro_is_a_warning_not_a_crash():
    (item,) = decode("@article{k, journal = nowhere, year = {2020}}")
    assert item.venue == "nowhere"
    assert "nowhere" in item.warnings[0]


def test_months_in_every_spelling():
    for text, number in [("jan", 1), ("{February}", 2), ("{3}", 3), ("{Sept.}", 9), ("dec", 12)]:
        (item,) = decode(f"@misc{{k, month = {text}}}")
        assert item.month == number
    (item,) = decode("@misc{k, date = {2021-05-04}}")
    assert (item.year, item.month) == (2021, 5)


def test_fields_are_decoded_only_when_read():
    (item,) = decode("@misc{k, title = {T\\'e}, abstract = {\\'a}}")
    assert item.fields._text == {}
    assert item.title == "Té" and "abstract" in item.fields and len(item.fields) == 2
    assert item.fields._text == {"title": "Té"}
    assert dict(item.fields) == {"title": "Té", "abstract": "á"}
