"""Machine extractors: a parsed article (spaCy Doc) -> candidate rows with exact offsets.

Each module proposes one kind of row; `extract.py` runs them in order (mentions first,
because quotes, statistics and events link their actors through the mentions).
"""
