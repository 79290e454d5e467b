"""The canonical bytes a stored spec's sha256 is taken of must not change between versions of hyojun."""

import json

from hypothesis import given
from hypothesis import strategies as st

from checker.spec_store import _canonical

# what a spec document holds: strings of any kind (controls, separators, astral), counts, lists, dicts
_VALUES = st.recursive(st.one_of(st.text(), st.integers(-2**63, 2**63 - 1), st.none(), st.booleans()),
                       lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(), inner, max_size=4)),
                       max_leaves=20)


@given(st.dictionaries(st.text(), _VALUES, max_size=6))
def test_canonical_bytes_are_those_earlier_stores_were_hashed_with(doc):
    # earlier versions hashed json.dumps(sort_keys, no spaces, UTF-8); specs stored then must still verify
    assert _canonical(doc) == json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
