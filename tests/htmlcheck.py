"""A strict HTML well-formedness check for the pages we write.

Stricter than HTML itself on purpose: every non-void element must be closed explicitly and in
order, ids are unique, and every id reference (label for, aria-labelledby, aria-describedby,
aria-controls, same-page fragments) points at an element that exists.
"""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls")


class Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, int]] = []
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, int]] = []
        self.problems: list[str] = []
        self.html_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = values.get("lang", "")
        if "id" in values:
            if values["id"] in self.ids:
                self.problems.append(f"line {line}: duplicate id {values['id']!r}")
            self.ids.add(values["id"])
        if tag == "label" and values.get("for"):
            self.references.append(("label for", values["for"], line))
        for name in REFERENCES:
            for ref in values.get(name, "").split():
                self.references.append((name, ref, line))
        href = values.get("href", "")
        if tag == "a" and href.startswith("#") and len(href) > 1:
            self.references.append(("link to", href[1:], line))
        if tag not in VOID:
            self.stack.append((tag, line))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        foreign = any(open_tag in ("svg", "math") for open_tag, _line in self.stack)
        if tag not in VOID and not foreign:  # self-closing is fine inside SVG and MathML
            self.problems.append(f"line {self.getpos()[0]}: <{tag}/> is not a void element")
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        line = self.getpos()[0]
        if tag in VOID:
            self.problems.append(f"line {line}: end tag for void element <{tag}>")
            return
        if not self.stack:
            self.problems.append(f"line {line}: </{tag}> closes nothing")
            return
        open_tag, opened = self.stack.pop()
        if open_tag != tag:
            self.problems.append(f"line {line}: </{tag}> closes <{open_tag}> of line {opened}")

    def finish(self) -> list[str]:
        self.close()
        for tag, line in self.stack:
            self.problems.append(f"line {line}: <{tag}> is never closed")
        for kind, ref, line in self.references:
            if ref not in self.ids:
                self.problems.append(f"line {line}: {kind} {ref!r} names no element")
        if not self.html_lang:
            self.problems.append("the <html> element has no lang")
        return self.problems


def html_problems(text: str) -> list[str]:
    checker = Checker()
    checker.feed(text)
    return checker.finish()
