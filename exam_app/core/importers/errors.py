"""The error every importer raises for input it cannot convert.

It has the shape of `SourceError` (file, line, where, message), so the CLI prints it the same way:
`error: FILE:LINE: where: message`. For XML input, `line` may be None and `where` an XML path.
"""

from __future__ import annotations

from exam_app.core.errors import SourceError


class ImportFormatError(SourceError):
    """Recruiter material (Markdown, guide text, GIFT, QTI) is malformed at a known place."""
