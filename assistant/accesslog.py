"""The access log: one line a request, with the path but never the query string.

A query string can hold what an officer searched for ("find notes about Sam Reed"), and
names and note text never go in a log; so neither the request line nor the referrer is kept.
"""

from __future__ import annotations

import logging

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

from assistant.typedefs import aborted_key


class PathOnlyAccessLogger(AbstractAccessLogger):
    """`remote "METHOD /path" status bytes seconds`, like the default minus the query."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        """Write one line for a finished request (an aborted body has had its line)."""
        if request.get(aborted_key):
            return
        self.logger.info(
            '%s "%s %s" %s %s %.3fs',
            request.remote,
            request.method,
            request.path,
            response.status,
            response.body_length,
            time,
        )

    @property
    def enabled(self) -> bool:
        """Only when the logger would write INFO lines."""
        return self.logger.isEnabledFor(logging.INFO)
