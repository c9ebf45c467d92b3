"""Text as the near-duplicate rule compares it; here so that the load cache can keep it."""

from __future__ import annotations

import re
import unicodedata


def normalize(text: str) -> str:
    """Lower case, full-width folded, without spaces and punctuation."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", text).casefold())
