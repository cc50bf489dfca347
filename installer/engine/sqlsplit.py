"""Split a SQL script into statements, the way psql does.

The installer runs a migration one statement at a time so that an error can name the
file and line of the statement that failed. Splitting on ';' alone would break on
semicolons inside quotes, dollar-quoted function bodies and comments, so this is a
small lexer for exactly those constructs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$")


@dataclass(frozen=True)
class Statement:
    text: str
    line: int  # 1-based line of the statement's first non-blank character


def split_statements(script: str) -> list[Statement]:
    statements: list[Statement] = []
    start = 0
    i = 0
    n = len(script)
    while i < n:
        c = script[i]
        if c == "-" and script.startswith("--", i):
            end = script.find("\n", i)
            i = n if end == -1 else end + 1
        elif c == "/" and script.startswith("/*", i):
            i = _skip_block_comment(script, i)
        elif c == "'":
            escaped = i > 0 and script[i - 1] in "eE" and not _is_word_char(script, i - 2)
            i = _skip_quoted(script, i, "'", backslash_escapes=escaped)
        elif c == '"':
            i = _skip_quoted(script, i, '"', backslash_escapes=False)
        elif c == "$" and not _is_word_char(script, i - 1):
            match = _DOLLAR_TAG.match(script, i)
            if match:
                close = script.find(match.group(0), match.end())
                if close == -1:
                    raise ValueError(f"unterminated dollar-quoted string at line {_line_of(script, i)}")
                i = close + len(match.group(0))
            else:
                i += 1
        elif c == ";":
            _append(statements, script, start, i + 1)
            start = i = i + 1
        else:
            i += 1
    _append(statements, script, start, n)
    return statements


def _append(statements: list[Statement], script: str, start: int, end: int) -> None:
    code = _code_start(script[start:end])
    if code is None:
        return
    offset = start + code
    statements.append(Statement(text=script[offset:end].strip(), line=_line_of(script, offset)))


def _code_start(chunk: str) -> int | None:
    """Offset of the first character that is not whitespace, a comment or a lone ';'."""
    i = 0
    while i < len(chunk):
        if chunk.startswith("--", i):
            end = chunk.find("\n", i)
            i = len(chunk) if end == -1 else end + 1
        elif chunk.startswith("/*", i):
            i = _skip_block_comment(chunk, i)
        elif chunk[i].isspace() or chunk[i] == ";":
            i += 1
        else:
            return i
    return None


def _skip_block_comment(script: str, i: int) -> int:
    depth = 0
    while i < len(script):
        if script.startswith("/*", i):
            depth += 1
            i += 2
        elif script.startswith("*/", i):
            depth -= 1
            i += 2
            if depth == 0:
                return i
        else:
            i += 1
    raise ValueError("unterminated /* comment")


def _skip_quoted(script: str, i: int, quote: str, backslash_escapes: bool) -> int:
    i += 1
    while i < len(script):
        c = script[i]
        if backslash_escapes and c == "\\":
            i += 2
        elif c == quote:
            if script.startswith(quote * 2, i):
                i += 2
            else:
                return i + 1
        else:
            i += 1
    raise ValueError(f"unterminated {quote} quote")


def _is_word_char(script: str, i: int) -> bool:
    return i >= 0 and (script[i].isalnum() or script[i] == "_")


def _line_of(script: str, offset: int) -> int:
    return script.count("\n", 0, offset) + 1
