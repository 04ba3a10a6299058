"""The submitter's statement of authorship: they wrote the melody, or it is public domain.

Stated at `/guess submit` (options `authorship:` and `source:`), stored with the
melody, shown at the reveal and exported. A submission without it is refused in
one line that says what is allowed.

Public API: `OWN`, `PUBLIC_DOMAIN`, `AUTHORSHIPS`, `MAX_SOURCE_CHARS`, `stated_authorship`,
`authorship_text`, `HOW_TO_STATE`.
"""

from __future__ import annotations

from bot.errors import GameError

OWN, PUBLIC_DOMAIN = "own", "public_domain"
AUTHORSHIPS: tuple[str, ...] = (OWN, PUBLIC_DOMAIN)
MAX_SOURCE_CHARS = 200  # a book, a collection and page, or a web address
HOW_TO_STATE = (
    'authorship:own (you wrote it) or authorship:public_domain source:"where it comes from"'
)


def stated_authorship(authorship: str | None, source: str | None) -> tuple[str, str | None]:
    """(authorship, source) as stored, or GameError in one line saying what is allowed.

    `authorship` was checked against AUTHORSHIPS by the options table; the source of a
    public-domain melody is required, and only such a melody has one.
    """
    if authorship is None:
        raise GameError(f"Say who wrote the melody: {HOW_TO_STATE}.")
    source = (source or "").strip() or None
    if authorship == PUBLIC_DOMAIN and source is None:
        raise GameError(
            "A public-domain melody needs its source, e.g. source:\"O'Neill's Music of "
            'Ireland, 1903, no. 12".'
        )
    if authorship == OWN and source is not None:
        raise GameError("source: is for public-domain melodies; for your own melody leave it out.")
    return authorship, source


def authorship_text(authorship: str | None, source: str | None) -> str:
    """How the reveal states it: 'written by the submitter' or 'public domain (source: …)'."""
    if authorship == OWN:
        return "written by the submitter"
    if authorship == PUBLIC_DOMAIN:
        return f"public domain (source: {source})" if source else "public domain"
    return ""
