"""The encrypted vault (SQLCipher): the only importer of sqlcipher3."""
