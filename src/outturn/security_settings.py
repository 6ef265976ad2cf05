"""Sign-in, OpenID Connect, rate limiting and security headers (imported by settings)."""

from __future__ import annotations
