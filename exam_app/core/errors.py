"""The errors the core raises, as one tree.

    ExamAppError                  anything the user can fix or must know (CLI: "error: <message>", exit 1)
    ├── SourceError               a pack source file is invalid (names file, line and field)
    ├── KeyFileError              a key file is malformed, of the wrong kind, or cannot be unlocked
    ├── SessionError              the exam session cannot do that now
    │   ├── UnknownCandidateError     the candidate is not on the pack's list
    │   └── AlreadySubmittedError     this candidate already submitted this pack version here
    └── PackError                 a .exampack file is rejected
        ├── PackFormatError       the container or its header is malformed
        ├── SignatureError        untrusted signer, invalid signature, or wrong payload type
        ├── PackPolicyError       the pack must not be used now:
        │   ├── PackExpiredError      past its expiry time
        │   ├── PackNotYetValidError  before its not-before time
        │   └── RollbackError         older than a version already opened on this station
        └── UnlockError           decryption failed; deliberately one generic message for every cause

Security errors say little: UnlockError never says which of release code, station key or stanza failed,
and no message ever contains secret material.
"""

from __future__ import annotations


class ExamAppError(Exception):
    """Base of every error a user can act on."""


class SourceError(ExamAppError):
    """A pack source is invalid; `str()` is `FILE:LINE: where: what`."""

    def __init__(self, file: str, line: int | None, where: str, message: str) -> None:
        self.file = file
        self.line = line
        self.where = where
        self.message = message
        location = f"{file}:{line}" if line is not None else file
        prefix = f"{location}: {where}: " if where else f"{location}: "
        super().__init__(prefix + message)


class KeyFileError(ExamAppError):
    """A key file cannot be read, is of the wrong kind, or its passphrase is wrong."""


class SessionError(ExamAppError):
    """The session cannot do that now (wrong state, closed section, unknown candidate...)."""


class UnknownCandidateError(SessionError):
    """The pack lists its candidates and this id is not among them."""


class AlreadySubmittedError(SessionError):
    """This candidate already submitted this pack version on this station."""


class PackError(ExamAppError):
    """A pack file is rejected."""


class PackFormatError(PackError):
    """The pack container or its header is malformed."""


class SignatureError(PackError):
    """The signature is missing, invalid, by an untrusted key, or over the wrong payload type."""


class PackPolicyError(PackError):
    """The pack is validly signed but must not be used now (expired, not yet valid, rolled back)."""


class PackExpiredError(PackPolicyError):
    """The pack's expiry time has passed."""


class PackNotYetValidError(PackPolicyError):
    """The pack's not-before time has not come yet."""


class RollbackError(PackPolicyError):
    """A newer version of this pack was already opened on this station."""


class UnlockError(PackError):
    """Decryption failed. One message for every cause, so failures leak nothing."""

    GENERIC = "cannot decrypt pack: wrong release code, or this station cannot open it"

    def __init__(self) -> None:
        super().__init__(self.GENERIC)
