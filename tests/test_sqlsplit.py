"""The statement splitter must never split inside quotes, dollar quotes or comments."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from installer.engine.sqlsplit import split_statements

TRICKY = """-- leading comment; with a semicolon
CREATE FUNCTION f() RETURNS text LANGUAGE plpgsql AS $body$
BEGIN
    RETURN 'a;b' || $x$;$x$;  -- inner ; everywhere
END
$body$;

/* block; /* nested; */ still comment */
SELECT 'it''s; fine', "odd;name", E'back\\'slash;';
SELECT $$;$$
"""


def test_tricky_script_splits_into_three_statements_with_lines():
    statements = split_statements(TRICKY)
    assert [s.line for s in statements] == [2, 9, 10]
    assert statements[0].text.startswith("CREATE FUNCTION") and statements[0].text.endswith("$body$;")
    assert statements[1].text == "SELECT 'it''s; fine', \"odd;name\", E'back\\'slash;';"
    assert statements[2].text == "SELECT $$;$$"


def test_comment_only_script_has_no_statements():
    assert split_statements("-- nothing\n/* here */\n;\n") == []


literal_text = st.text(alphabet=st.sampled_from(list("ab;'\"$-/* \n")), max_size=12)


@st.composite
def statement(draw) -> str:
    kind = draw(st.sampled_from(["single", "dollar", "ident", "comment"]))
    text = draw(literal_text)
    if kind == "single":
        return "SELECT '" + text.replace("'", "''") + "'"
    if kind == "dollar":
        return "SELECT $q$" + text.replace("$q$", "") + "$q$"
    if kind == "ident":
        return 'SELECT 1 AS "' + text.replace('"', '""') + '"'
    return "SELECT 1 /* " + text.replace("*/", "").replace("/*", "") + " */"


@given(st.lists(statement(), min_size=1, max_size=6))
def test_joined_statements_split_back_into_the_same_statements(statements):
    script = "\n".join(s + ";" for s in statements)
    assert [s.text for s in split_statements(script)] == [s + ";" for s in statements]
