"""unhrc-news: actors, events, quotes and statistics from news about the UN human-rights system.

    import unhrc_news
    quotes = unhrc_news.load("quotes")      # a typed pandas DataFrame
    con = unhrc_news.connect()              # a read-only DuckDB connection with the views
"""
from .api import connect, load
from .config import Settings
from .schemas import TABLES

__version__ = "0.1.0"
__all__ = ["TABLES", "Settings", "__version__", "connect", "load"]
