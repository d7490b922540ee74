//! Shared normalization vectors (tests/search_vectors.json).
