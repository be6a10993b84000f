import pytest

from civicdata.strict_yaml import YamlProblem, loads


def test_yaml_1_1_booleans_stay_text():
    data = loads("a: no\nb: off\nc: yes\nd: on\ne: y\nf: n\n")
    assert data == {"a": "no", "b": "off", "c": "yes", "d": "on", "e": "y", "f": "n"}


def test_core_schema_scalars():
    data = loads("t: true\nf: false\nT: True\nn: null\nt2: ~\ne:\ni: 2018\nx: 1.5\nm: -3\n")
    assert data == {
        "t": True,
        "f": False,
        "T": True,
        "n": None,
        "t2": None,
        "e": None,
        "i": 2018,
        "x": 1.5,
        "m": -3,
    }


def test_dates_and_times_stay_strings():
    data = loads("d: 2018-08-31\nm: 2018-08\nts: 2018-07-11 22:38:00\n")
    assert data == {"d": "2018-08-31", "m": "2018-08", "ts": "2018-07-11 22:38:00"}


def test_quoted_values_are_never_typed():
    assert loads("a: 'true'\nb: \"2018\"\nc: 'null'\n") == {"a": "true", "b": "2018", "c": "null"}


def test_bom_and_crlf_are_fine():
    assert loads("\ufeffid: x\r\nname: y\r\n") == {"id": "x", "name": "y"}


def test_ampersand_and_star_inside_text_are_fine():
    assert loads("q: 'rock & roll * 2'\nr: a&b\n") == {"q": "rock & roll * 2", "r": "a&b"}


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: 1\nb:\n  c: 2\n  c: 3\n", 4, 3, "duplicate key `c`"),
        ("a: &x 1\n", 1, 4, "anchors"),
        ("a: !!str yes\n", 1, 4, "tags"),
        ("a: !custom x\n", 1, 4, "tags"),
        ("!!map {a: 1}\n", 1, 1, "tags"),
        ("? [a, b]\n: 1\n", 1, 3, "keys must be text"),
        ("just text\n", 1, 1, "holds a single value"),
    ],
)
def test_rejections_are_located(text, line, column, message):
    with pytest.raises(YamlProblem) as caught:
        loads(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message
