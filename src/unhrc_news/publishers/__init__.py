"""Publishers: upload a release bundle to a data repository through its HTTP API.

Each service is a sequence of requests as its documentation describes them. The runner keeps
a state file (ids, finished steps; never the token) in the release folder, so a failed upload
says what went up and resumes where it stopped, and the step that makes a version public comes
last: a failure never leaves a half-published version.
"""
from .base import PUBLISHERS, PublishError, publish

__all__ = ["PUBLISHERS", "PublishError", "publish"]
from . import services  # noqa: F401  (registers the four services)
