"""The local language model: llama.cpp engine and the catalog of known GGUF models."""
