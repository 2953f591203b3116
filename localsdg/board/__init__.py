"""The SDGs Board: one searchable base of the shown initiatives of every published plan.

``index`` holds the published initiatives in memory as bitsets per facet value, built once per
data generation; ``params`` reads and writes the Board's query string; ``select`` answers a
query (text search through the search index, facet filters and counts, sorting); ``results``
turns the answer into the objects the page, the API and the downloads show; ``downloads`` writes
the current results as CSV and Excel. See docs/board.md.
"""
