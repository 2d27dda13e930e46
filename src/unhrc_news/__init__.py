"""unhrc-news: actors, events, quotes and statistics from news about the UN human-rights system."""
from .config import TABLES, Settings

__version__ = "0.1.0"
__all__ = ["TABLES", "Settings", "__version__"]
