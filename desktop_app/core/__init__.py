"""Pure-Python heart of Coffer: entities, ports, schemas, extraction. Imports only the stdlib."""
