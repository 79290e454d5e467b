"""The hostile corpus (generated once per session by make_corpus.py) and a spec to check it against."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from checker.spec_store import resolve_spec, spec_to_json
from tests.conftest import KAIGO_SPEC
from tests.hostile import make_corpus


@pytest.fixture(scope="session")
def listener() -> Iterator[socket.socket]:
    """A local TCP port the XXE payloads point at: any connection to it means an entity was fetched."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    sock.setblocking(False)
    yield sock
    sock.close()


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, listener: socket.socket) -> dict[str, Path]:
    port = listener.getsockname()[1]
    return make_corpus.build(tmp_path_factory.mktemp("hostile"), xxe_url=f"http://127.0.0.1:{port}/")


@pytest.fixture(scope="session")
def spec_json(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 介護保険 spec as canonical JSON: parsed once, so each CLI run starts fast."""
    path = tmp_path_factory.mktemp("spec") / "kaigo.json"
    path.write_text(spec_to_json(resolve_spec([str(KAIGO_SPEC)])), encoding="utf-8")
    return path
