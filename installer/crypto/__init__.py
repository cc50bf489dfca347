"""Client-side cryptography (Paillier)."""
