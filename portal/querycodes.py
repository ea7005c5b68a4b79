"""Secret query codes (查询码) for citizens' submissions: shown once, stored as a salted hash.

A code carries ≥ 72 random bits, so a fast salted SHA-256 is as safe as a slow password hash
(which cost 95 % of a submission's time) and keeps lookups cheap. Models mix this in and have a
`query_code_hash` CharField; `QUERY_CODE_BYTES` sets the code's length.
"""

import hashlib
import hmac
import secrets


class QueryCodeMixin:
    QUERY_CODE_BYTES = 12  # token_urlsafe(12): 16 characters, 96 bits

    query_code_hash: str

    @classmethod
    def new_query_code(cls) -> str:
        return secrets.token_urlsafe(cls.QUERY_CODE_BYTES)

    def set_query_code(self, code: str) -> None:
        salt = secrets.token_hex(8)
        self.query_code_hash = f"sha256${salt}${self._query_code_digest(salt, code)}"

    def check_query_code(self, code: str) -> bool:
        algorithm, _, rest = (self.query_code_hash or "").partition("$")
        salt, _, digest = rest.partition("$")
        if not code or algorithm != "sha256" or not digest:
            return False
        return hmac.compare_digest(digest, self._query_code_digest(salt, code))

    @staticmethod
    def _query_code_digest(salt: str, code: str) -> str:
        return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
