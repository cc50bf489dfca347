"""Paillier additively homomorphic encryption on Python ints (no third-party code).

The database adds ciphertexts with privacy.paillier_sum without ever seeing a private key;
the client decrypts the total. Scheme (Paillier 1999) with g = n + 1:
    Enc(m) = (1 + m n) r^n mod n^2,  r uniform in Z_n^*
    Dec(c) = L(c^lambda mod n^2) mu mod n,  L(x) = (x - 1) / n,  mu = lambda^-1 mod n
             (computed modulo p and q, then combined: the Chinese remainder theorem)
    Enc(a) Enc(b) mod n^2 = Enc(a + b mod n)
Negative numbers: plaintexts are integers in [-max_int, max_int], max_int = n // 3, mapped to
Z_n as m mod n; a decrypted value in the gap between max_int and n - max_int means a sum
overflowed and is refused rather than returned wrong. Randomness comes from `secrets`.
"""
from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % d for d in range(2, math.isqrt(p) + 1))]


class KeyMismatch(ValueError):
    """A ciphertext made under one key was given to another."""


class Ciphertext(NamedTuple):
    """Matches the SQL type privacy.paillier_ciphertext (key_id bytea, c numeric)."""
    key_id: bytes
    c: int


@dataclass(frozen=True)
class PublicKey:
    n: int
    n_squared: int = field(init=False, repr=False)
    key_id: bytes = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.n < 15 or self.n % 2 == 0:
            raise ValueError("a Paillier modulus is an odd product of two primes")
        object.__setattr__(self, "n_squared", self.n * self.n)
        object.__setattr__(self, "key_id", key_id(self.n))

    @property
    def max_int(self) -> int:
        return self.n // 3

    def encrypt(self, m: int) -> Ciphertext:
        return self.encrypt_with(m, lambda r: pow(r, self.n, self.n_squared))

    def encrypt_with(self, m: int, nth_power: Callable[[int], int]) -> Ciphertext:
        """Enc(m) with r^n mod n^2 computed by `nth_power` (the private key holder has a faster way)."""
        if not -self.max_int <= m <= self.max_int:
            raise OverflowError(f"plaintext out of range: |m| must be at most {self.max_int}")
        while True:
            r = secrets.randbelow(self.n - 1) + 1
            if math.gcd(r, self.n) == 1:
                break
        return Ciphertext(self.key_id, (1 + (m % self.n) * self.n) * nth_power(r) % self.n_squared)

    def add(self, *ciphertexts: Ciphertext) -> Ciphertext:
        """Client-side homomorphic sum (what privacy.paillier_sum does in the database)."""
        total = 1
        for ct in ciphertexts:
            self._check(ct)
            total = total * ct.c % self.n_squared
        return Ciphertext(self.key_id, total)

    def _check(self, ct: Ciphertext) -> None:
        if ct.key_id != self.key_id:
            raise KeyMismatch("the ciphertext was made under another Paillier key")
        if not 0 < ct.c < self.n_squared:
            raise ValueError("not a ciphertext of this key: out of range")


@dataclass(frozen=True)
class PrivateKey:
    public: PublicKey
    p: int
    q: int

    def encrypt(self, m: int) -> Ciphertext:
        """The same ciphertexts as PublicKey.encrypt, about twice as fast: r^n by the Chinese
        remainder theorem, as two exponentiations modulo p^2 and q^2 instead of one modulo n^2."""
        p2, q2 = self.p * self.p, self.q * self.q
        n, q2_inverse = self.public.n, pow(q2, -1, p2)

        def nth_power(r: int) -> int:
            mod_p2 = pow(r, n % (p2 - self.p), p2)
            mod_q2 = pow(r, n % (q2 - self.q), q2)
            return mod_q2 + q2 * ((mod_p2 - mod_q2) * q2_inverse % p2)

        return self.public.encrypt_with(m, nth_power)

    @cached_property
    def _crt(self) -> tuple[int, int, int, int, int, int]:
        """What decryption by the Chinese remainder theorem reuses for every ciphertext."""
        p, q, g = self.p, self.q, self.public.n + 1
        p2, q2 = p * p, q * q
        h_p = pow((pow(g, p - 1, p2) - 1) // p, -1, p)
        h_q = pow((pow(g, q - 1, q2) - 1) // q, -1, q)
        return p2, q2, h_p, h_q, pow(q, -1, p), q

    def decrypt(self, ct: Ciphertext) -> int:
        """Dec(c) = L(c^lambda mod n^2) mu mod n, computed as m mod p and m mod q, each from
        an exponentiation modulo p^2 or q^2 (half-size numbers, half-size exponents), then
        combined: about 3-4 times faster than the formula modulo n^2."""
        self.public._check(ct)
        n, p = self.public.n, self.p
        p2, q2, h_p, h_q, q_inverse, q = self._crt
        m_p = (pow(ct.c, p - 1, p2) - 1) // p * h_p % p
        m_q = (pow(ct.c, q - 1, q2) - 1) // q * h_q % q
        m = m_q + q * ((m_p - m_q) * q_inverse % p)
        if m <= self.public.max_int:
            return m
        if m >= n - self.public.max_int:
            return m - n
        raise OverflowError("the decrypted value overflowed the plaintext range (the sum is too large)")


def key_id(n: int) -> bytes:
    """First 16 bytes of SHA-256 of n in decimal: what privacy.paillier_key_id computes."""
    return hashlib.sha256(str(n).encode("ascii")).digest()[:16]


def generate_keypair(bits: int = 2048) -> tuple[PublicKey, PrivateKey]:
    if bits < 128 or bits % 2:
        raise ValueError("key size must be an even number of bits, at least 128 (2048 or more for real use)")
    while True:
        p, q = _prime(bits // 2), _prime(bits // 2)
        n = p * q
        if p != q and n.bit_length() == bits and math.gcd(n, (p - 1) * (q - 1)) == 1:
            public = PublicKey(n)
            return public, PrivateKey(public, p, q)


def _prime(bits: int) -> int:
    while True:
        # Top two bits set so that the product has exactly 2 * bits bits; odd.
        candidate = secrets.randbits(bits) | (3 << (bits - 2)) | 1
        if all(candidate % p for p in _SMALL_PRIMES) and _probably_prime(candidate):
            return candidate


def _probably_prime(n: int, rounds: int = 40) -> bool:
    """Miller-Rabin with random bases: error below 4^-40."""
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = x * x % n
            if x == n - 1:
                break
        else:
            return False
    return True
