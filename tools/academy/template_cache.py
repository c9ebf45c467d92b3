"""Compiled theme templates kept between builds (Jinja's bytecode cache).

Every build compiles Material's templates (and ours) from source: ~0.15 s, a tenth of a small
course's build. Jinja can keep the compiled code in a folder and load it while a template's
source is unchanged (it compares a hash of the source). The folder is the user's cache,
``$XDG_CACHE_HOME/academy/templates/`` (else ``~/.cache/...``), outside every project, so a
pull request cannot plant compiled code; one subfolder per environment setting that changes
what the compiler emits (extensions, filters and tests, delimiters, whitespace options), so
two sites with other settings never share code. When the folder cannot be made, templates
are compiled as before.
"""

from __future__ import annotations

import contextlib
import hashlib

from jinja2 import Environment, FileSystemBytecodeCache

from academy.model.cache import user_cache_dir


def use_template_cache(env: Environment) -> bool:
    """Give ``env`` a bytecode cache; False when there is no folder to keep it in."""
    if env.bytecode_cache is not None:
        return False
    with contextlib.suppress(OSError, RuntimeError):
        folder = user_cache_dir() / "templates" / _settings(env)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
        return True
    return False


def _settings(env: Environment) -> str:
    """A name for what decides the compiled code besides the template's own source."""
    settings = (
        sorted(env.extensions), sorted(env.filters), sorted(env.tests),
        env.block_start_string, env.block_end_string, env.variable_start_string,
        env.variable_end_string, env.comment_start_string, env.comment_end_string,
        env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline,
        env.optimized, env.autoescape if isinstance(env.autoescape, bool) else "callable",
        env.is_async,
    )
    return hashlib.blake2b(repr(settings).encode(), digest_size=8).hexdigest()
