"""timeline: a source-grounded timeline of dated events.

Every event is tied to the verbatim sentences of the articles that report it.
Importing the package reads no data and builds no app; see :func:`timeline.load.loader.load_dataset`
and :func:`timeline.web.app.create_app`.
"""

__version__ = "0.1.0"
