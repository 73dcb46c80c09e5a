"""Publishing: one self-contained HTML page of a view, to embed in an article.

The page carries the chart, the events shown, filters by actor, theme and words, and every
excerpt in its paragraph with its citation; it runs from ``file://`` or any static host and
asks nothing of anything outside itself (``page.py`` builds it, ``static/`` holds its script
and style, ``templates/`` its markup, ``command.py`` is ``timeline publish``).
"""
