"""Markdown in engagement text fields: formatting kept, anything that could run script removed."""

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from localsdg.engagement.text import render_markdown

DANGEROUS = [
    ("<script>alert('x')</script>Text", ["<script", "alert"]),
    ("<style>body{display:none}</style>Text", ["<style", "display"]),
    ("[click](javascript:alert(1))", ["javascript", "alert"]),
    ('<a href="javascript:alert(1)">click</a>', ["javascript"]),
    ("[click](JaVaScRiPt:alert(1))", ["javascript", "alert"]),
    ("<img src=x onerror=alert(1)>", ["<img", "onerror", "alert"]),
    ("![photo](https://example.org/p.png)", ["<img"]),
    ('<a href="https://example.org" onclick="steal()">x</a>', ["onclick", "steal"]),
    ("<iframe src=https://evil.example></iframe>", ["<iframe", "evil"]),
    ('<div class="x" style="color:red">Boxed</div>', ["<div", "style", "class="]),
    ("<svg onload=alert(1)><circle/></svg>", ["<svg", "onload"]),
    ("<!-- hidden comment -->Shown", ["hidden", "<!--"]),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", ["data:"]),
]


@pytest.mark.parametrize(("text", "absent"), DANGEROUS)
def test_unsafe_html_is_removed(text, absent):
    html = str(render_markdown(text)).lower()
    for fragment in absent:
        assert fragment.lower() not in html


def test_raw_html_is_stripped_but_its_text_kept():
    html = str(render_markdown('<div class="x">Boxed <span>words</span></div>'))
    assert "<" not in html.replace("<p>", "").replace("</p>", "")
    assert "Boxed" in html and "words" in html


def test_headings_lists_links_and_emphasis_are_kept():
    html = str(
        render_markdown(
            "# Outcome\n\n## Next steps\n\n"
            "- first\n- **second**\n\n1. one\n2. two\n\n"
            "See [the forum](https://example.org/forum) and *notes*."
        )
    )
    assert "<h3>Outcome</h3>" in html  # moved below the page's own h1/h2
    assert "<h4>Next steps</h4>" in html
    assert "<ul>" in html and "<li><strong>second</strong></li>" in html
    assert "<ol>" in html and "<li>two</li>" in html
    assert '<a href="https://example.org/forum" rel="nofollow noopener">the forum</a>' in html
    assert "<em>notes</em>" in html


def test_text_is_escaped_not_interpreted():
    html = str(render_markdown("Revenue < costs & 5 > 3"))
    assert "&lt;" in html and "&amp;" in html


def test_empty_text_gives_empty_safe_string():
    assert render_markdown("") == ""
    assert render_markdown("   \n") == ""
    assert isinstance(render_markdown("x"), SafeString)


def test_template_filter():
    template = Template("{% load engagement %}{{ text|markdown }}|{{ missing|markdown }}")
    html = template.render(Context({"text": "**Hi** <script>x()</script>"}))
    assert html == "<p><strong>Hi</strong> </p>|"
