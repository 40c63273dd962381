"""Rate limiting per source: token buckets that take time as data."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """``rate`` tokens a second up to ``burst``; each message takes one."""

    rate: float
    burst: float
    tokens: float
    updated_s: float

    def allow(self, now_s: float) -> bool:
        """Take a token at ``now_s`` if there is one; return whether there was."""
        elapsed = max(0.0, now_s - self.updated_s)
        self.tokens = min(self.burst, self.tokens + elapsed * self.rate)
        self.updated_s = max(self.updated_s, now_s)
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def wait_s(self, now_s: float) -> float:
        """Seconds from ``now_s`` until a token is back (0 if one is there now)."""
        elapsed = max(0.0, now_s - self.updated_s)
        tokens = min(self.burst, self.tokens + elapsed * self.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / self.rate


class RateLimiter:
    """One bucket per source; at most ``max_sources`` buckets (the oldest-used are dropped)."""

    def __init__(self, rate: float, burst: float, max_sources: int = 256) -> None:
        self.rate = rate
        self.burst = burst
        self.max_sources = max_sources
        self.refused = 0
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def allow(self, source: str, now_s: float) -> bool:
        """Return whether ``source`` may send one more message at ``now_s``."""
        bucket = self._buckets.get(source)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst, self.burst, now_s)
            self._buckets[source] = bucket
            while len(self._buckets) > self.max_sources:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(source)
        if bucket.allow(now_s):
            return True
        self.refused += 1
        return False

    def retry_after_s(self, source: str, now_s: float) -> float:
        """Seconds until ``source`` may send again (0 for a source with no bucket)."""
        bucket = self._buckets.get(source)
        return 0.0 if bucket is None else bucket.wait_s(now_s)
