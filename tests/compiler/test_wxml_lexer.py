"""The WXML lexer: tags, attributes, opaque {{ }}, raw <wxs> bodies, positions, errors."""

from __future__ import annotations

from miniport.compiler.diagnostics import Diagnostics
from miniport.compiler.wxml.lexer import EndTag, SourceMap, StartTag, TextToken, tokenize


def lex(source: str) -> tuple[list, Diagnostics]:
    d = Diagnostics()
    return tokenize(source, SourceMap("t.wxml", source), d), d


def test_tags_attributes_and_text() -> None:
    tokens, d = lex("<view class=\"a\" hidden data-x='1' n=bare>hi</view><icon/>")
    assert not d
    start = tokens[0]
    assert isinstance(start, StartTag) and start.name == "view" and not start.self_closing
    assert [(a.name, a.value) for a in start.attrs] == [
        ("class", "a"),
        ("hidden", None),
        ("data-x", "1"),
        ("n", "bare"),
    ]
    assert isinstance(tokens[1], TextToken) and tokens[1].value == "hi"
    assert isinstance(tokens[2], EndTag) and tokens[2].name == "view"
    assert isinstance(tokens[3], StartTag) and tokens[3].self_closing


def test_mustache_is_opaque_in_text_and_attributes() -> None:
    tokens, d = lex('<view a="{{ x > 1 ? "y" : \'z\' }}">{{ a < b }} and {{ "</view>" }}</view>')
    assert not d
    assert tokens[0].attrs[0].value == "{{ x > 1 ? \"y\" : 'z' }}"
    assert tokens[1].value == '{{ a < b }} and {{ "</view>" }}'
    assert len(tokens) == 3


def test_wxs_body_is_raw_text() -> None:
    tokens, d = lex('<wxs module="m">var a = "<view>"; if (a < b) {}</wxs><view/>')
    assert not d
    assert tokens[1].raw and tokens[1].value == 'var a = "<view>"; if (a < b) {}'
    assert isinstance(tokens[2], EndTag) and tokens[2].name == "wxs"
    assert tokens[3].name == "view"


def test_comments_are_dropped_and_lone_lt_is_text() -> None:
    tokens, d = lex("a<!-- <view> -->b < c")
    assert not d
    assert [t.value for t in tokens] == ["a", "b < c"]


def test_positions_map_to_line_and_column() -> None:
    source = '<view>\n  <text a="1"/>\n</view>'
    tokens, _ = lex(source)
    smap = SourceMap("t.wxml", source)
    text_tag = tokens[2]
    assert smap.location(text_tag.pos) == (2, 3)
    assert smap.location(text_tag.attrs[0].value_pos) == (2, 12)


def test_unclosed_mustache_and_unfinished_tag_are_errors() -> None:
    _, d = lex("<view>{{ a </view>")
    assert [x.format() for x in d] == [
        "t.wxml:1:7: error: `{{` is never closed; add the matching `}}`"
    ]
    _, d = lex('<view a="1"')
    assert [x.format() for x in d] == [
        "t.wxml:1:1: error: tag <view> is not finished; close it with `>` or `/>`"
    ]


def test_bad_attribute_syntax_is_reported_and_lexing_goes_on() -> None:
    tokens, d = lex('<view a="1" "oops">x</view><text/>')
    assert len(d.errors) == 1
    assert d.errors[0].col == 13 and "unbalanced quote" in d.errors[0].message
    assert tokens[-1].name == "text"


def test_unclosed_wxs_is_an_error() -> None:
    _, d = lex('<wxs module="m">var a = 1;')
    assert d.errors[0].message.startswith("<wxs> is never closed")


def test_unclosed_mustache_inside_an_attribute_value() -> None:
    tokens, d = lex('<view class="{{ a ">text</view>\n<view>{{b}}</view>')
    assert [x.format() for x in d] == [
        "t.wxml:1:14: error: `{{` in the value of class is never closed; add the matching `}}`"
    ]
    assert [t.name for t in tokens if isinstance(t, StartTag)] == ["view", "view"]


def test_unclosed_attribute_quote() -> None:
    _, d = lex('<view a="1" b="2>x</view>')
    assert [x.format() for x in d] == [
        't.wxml:1:15: error: the value of b in <view> is never closed; add the closing "'
    ]


def test_closing_braces_in_a_string_literal_stay_inside_the_mustache() -> None:
    from miniport.compiler.wxml.lexer import lone_mustache, mustaches

    text = "a {{ 'x}}<y' }} b {{ \"}}\" + c }}"
    assert [text[s:e] for s, e in mustaches(text)] == [" 'x}}<y' ", ' "}}" + c ']
    tokens, d = lex("<view>" + text + "</view>")
    assert not d and tokens[1].value == text, "the `<` in the string is not a tag"
    assert lone_mustache("  {{ 'a}}' }} ") == (4, 11)
    assert lone_mustache("{{a}} x") is None
    # an unterminated string falls back to the first `}}`, so the expression parser
    # reports the string rather than a missing `}}`
    assert mustaches("{{ 'abc }}") == [(2, 8)]
