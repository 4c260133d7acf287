"""Errors a person can cause, each with what happened and what to do about it."""
from __future__ import annotations


class CofferError(Exception):
    """Base of every error shown to a person. ``str(err)`` is one readable line."""

    hint: str = ""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if hint is not None:
            self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class Cancelled(CofferError):
    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message, "")


# --- documents -------------------------------------------------------------
class DocumentError(CofferError):
    """A document could not be read."""


class UnsupportedDocument(DocumentError):
    hint = "Coffer reads PDF, JPEG, PNG, TIFF, WebP, BMP, DOCX and plain text files."


class DocumentTooLarge(DocumentError):
    hint = "Split the document into smaller files and add them one by one."


class DamagedDocument(DocumentError):
    hint = "Open the file in another program to check it, or export it again from its source."


class PasswordRequired(DocumentError):
    hint = "Give the document's password (CLI: --password) or remove the protection first."


class ParserCrashed(DocumentError):
    hint = "The file may be damaged or hostile; nothing was stored. Try another copy of it."


# --- model -----------------------------------------------------------------
class ModelError(CofferError):
    """The language model could not be found, verified or run."""


class ModelMissing(ModelError):
    hint = "Reinstall Coffer, or pick a GGUF model file in Settings (CLI: --model PATH)."


class ModelInvalid(ModelError):
    hint = "The file is damaged or not a known model; reinstall Coffer or choose another file."


# --- vault -----------------------------------------------------------------
class VaultError(CofferError):
    """The encrypted vault could not be opened or written."""


class WrongPassphrase(VaultError):
    hint = "Check the passphrase (Caps Lock?) and try again. Nothing was changed."


class VaultDamaged(VaultError):
    hint = "The file was left untouched. Restore a backup (coffer restore BACKUP) or contact support."


class VaultLocked(VaultError):
    hint = "Unlock the vault first."


class VaultNotRecognised(VaultError):
    hint = "The file was left untouched. Check the Coffer folder or restore a backup (coffer restore BACKUP)."


class KeyUnavailable(VaultError):
    hint = "Enter your recovery key (the one shown when the vault was created) to open it."


class DiskFull(VaultError):
    hint = "Free some disk space and try again; everything saved before is intact."


class ExportFailed(CofferError):
    hint = "Choose another folder you can write to, with free space."
