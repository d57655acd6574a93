"""Fetch the official SARIF 2.1.0 JSON schema for tests/test_sarif_official_schema.py.

The schema (OASIS's sarif-2.1.0-rtm.5, as GitHub code scanning and SchemaStore use it) is not
committed: this script takes it from the npm package ``@microsoft/jest-sarif`` (MIT, pinned
version), checks its SHA-256 and writes it to ``.ci/cache/`` (git-ignored), where the test finds
it.  Tests never use the network themselves; without this file they skip and say so.

    python .ci/fetch_sarif_schema.py
"""

from __future__ import annotations

import hashlib
import io
import sys
import tarfile
import urllib.error
import urllib.request
from pathlib import Path

TARBALL = "https://registry.npmjs.org/@microsoft/jest-sarif/-/jest-sarif-1.0.0-beta.0.tgz"
MEMBER = "package/lib/schemas/sarif-2.1.0-rtm.5.json"
SHA256 = "2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8"
TARGET = Path(__file__).resolve().parent / "cache" / "sarif-2.1.0-rtm.5.json"


def main() -> int:
    if TARGET.is_file() and hashlib.sha256(TARGET.read_bytes()).hexdigest() == SHA256:
        print(f"{TARGET} is already there")
        return 0
    try:
        with urllib.request.urlopen(TARBALL, timeout=60) as response:  # noqa: S310 (pinned https URL)
            tarball = response.read()
    except (urllib.error.URLError, OSError) as error:
        print(f"could not fetch {TARBALL}: {error}", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        member = archive.extractfile(MEMBER)
        data = member.read() if member is not None else b""
    if hashlib.sha256(data).hexdigest() != SHA256:
        print(f"{MEMBER} in {TARBALL} is not the pinned schema (SHA-256 differs)", file=sys.stderr)
        return 1
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_bytes(data)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
