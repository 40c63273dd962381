"""Property test: any sequence of transactions behaves like a dict, in memory and on disk."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.store import Store, StoreError

IDS = st.sampled_from(["t-1", "t-2", "t-3", "t-4"])
FIELDS = st.fixed_dictionaries(
    {"title": st.text(max_size=8), "tags": st.lists(st.text(max_size=3), max_size=3)}
)
OPERATION = st.one_of(
    st.tuples(st.just("insert"), IDS, FIELDS),
    st.tuples(st.just("update"), IDS, FIELDS),
    st.tuples(st.just("put"), IDS, FIELDS),
    st.tuples(st.just("delete"), IDS, st.none()),
)
TRANSACTION = st.tuples(st.lists(OPERATION, min_size=1, max_size=5), st.booleans())


class Abort(Exception):
    pass


def _apply(model: dict, operation: tuple) -> None:
    kind, doc_id, fields = operation
    if kind == "insert":
        if doc_id in model:
            raise StoreError("exists")
        model[doc_id] = {"id": doc_id, **fields}
    elif kind == "update":
        if doc_id not in model:
            raise StoreError("missing")
        model[doc_id] = {**model[doc_id], **fields}
    elif kind == "put":
        model[doc_id] = {"id": doc_id, **fields}
    else:
        model.pop(doc_id, None)


def _run(tx, operation: tuple) -> None:
    kind, doc_id, fields = operation
    if kind == "insert":
        tx.insert("tasks", {"id": doc_id, **fields})
    elif kind == "update":
        tx.update("tasks", doc_id, fields)
    elif kind == "put":
        tx.put("tasks", {"id": doc_id, **fields})
    else:
        tx.delete("tasks", doc_id)


@settings(max_examples=30, deadline=None)
@given(transactions=st.lists(TRANSACTION, max_size=8), storage=st.sampled_from(["journal", "json"]))
def test_transactions_match_a_dict_model(transactions: list, storage: str) -> None:
    model: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as state:
        with Store.open(Path(state), storage=storage) as store:
            for operations, aborts in transactions:
                staged = {key: dict(doc) for key, doc in model.items()}
                try:
                    with store.transaction() as tx:
                        for operation in operations:
                            try:
                                _apply(staged, operation)
                            except StoreError:
                                with pytest.raises(StoreError):  # the store refuses it too
                                    _run(tx, operation)
                                raise
                            _run(tx, operation)
                        assert {d["id"]: d for d in tx.all("tasks")} == staged
                        if aborts:
                            raise Abort
                    model = staged
                except (StoreError, Abort):
                    pass
                assert {d["id"]: d for d in store.all("tasks")} == model
        with Store.open(Path(state), storage=storage) as store:
            assert {d["id"]: d for d in store.all("tasks")} == model
