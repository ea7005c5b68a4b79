"""Highlighted titles and snippets: escaped first, so no HTML can get in."""

from search.highlight import highlight, match_pattern, snippet


def test_matches_are_marked_longest_first_and_case_insensitively():
    pattern = match_pattern(["预算", "部门预算", "PDF"])
    assert highlight("部门预算公开 pdf", pattern) == "<mark>部门预算</mark>公开 <mark>pdf</mark>"


def test_text_and_query_holding_html_cannot_inject_markup():
    pattern = match_pattern(["<script>", "招标"])
    html = highlight('<script>alert("x")</script>招标<img src=x onerror=alert(1)>', pattern)
    assert "<script" not in html and "<img" not in html
    assert html.startswith("<mark>&lt;script&gt;</mark>alert(&quot;x&quot;)")
    assert "<mark>招标</mark>&lt;img src=x onerror=alert(1)&gt;" in html


def test_no_pattern_is_plain_escaped_text():
    assert highlight("a<b", None) == "a&lt;b"


def test_snippet_is_cut_around_the_first_match():
    text = "甲" * 300 + "招标公告" + "乙" * 300
    html = snippet(text, match_pattern(["招标"]), length=60)
    assert html.startswith("…") and html.endswith("…")
    assert "<mark>招标</mark>" in html
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == 62


def test_snippet_without_match_is_the_start():
    assert snippet("短文本", match_pattern(["招标"])) == "短文本"
