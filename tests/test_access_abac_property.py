"""Property test: access.evaluate (and access.explain) agree with a small reference
evaluator, written here from the documented semantics, on random users, resources
and policies."""
from __future__ import annotations

import itertools
from typing import Any

import psycopg
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from installer import Governance

SCALARS = ("string", "number", "boolean", "null")


# ---- the reference evaluator ---------------------------------------------------------
def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string" if isinstance(value, str) else "array"


def equal(a: Any, b: Any) -> bool:
    """jsonb equality: same JSON type, numbers by value, arrays element by element."""
    if json_type(a) != json_type(b):
        return False
    if json_type(a) == "array":
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    return a == b


MISSING = object()


def lookup(reference: str, user: dict, resource: dict) -> Any:
    side, name = reference.split(".", 1)
    return (user if side == "user" else resource).get(name, MISSING)


def holds(cond: dict, user: dict, resource: dict) -> bool:
    if "all" in cond:
        return all(holds(c, user, resource) for c in cond["all"])
    if "any" in cond:
        return any(holds(c, user, resource) for c in cond["any"])
    if "not" in cond:
        return not holds(cond["not"], user, resource)
    a = lookup(cond["attribute"], user, resource)
    op = cond["operator"]
    if op == "exists":
        return (a is not MISSING) == cond.get("value", True)
    b = lookup(cond["value_of"], user, resource) if "value_of" in cond else cond["value"]
    if a is MISSING or b is MISSING:
        return False
    if op == "==":
        return equal(a, b)
    if op == "!=":
        return not equal(a, b)
    if op in ("<", "<=", ">", ">="):
        if not (json_type(a) == json_type(b) and json_type(a) in ("number", "string")):
            return False
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
    if op in ("in", "not_in"):
        if json_type(a) not in SCALARS or json_type(b) != "array":
            return False
        found = any(equal(a, x) for x in b)
        return found if op == "in" else not found
    if op == "contains":
        if json_type(a) == "array" and json_type(b) in SCALARS:
            return any(equal(x, b) for x in a)
        if json_type(a) == "string" and json_type(b) == "string":
            return b in a
        return False
    raise AssertionError(op)


def decide(policies: dict[str, dict], user: dict, resource: dict, action: str) -> bool:
    def matches(policy: dict) -> bool:
        if action not in policy["actions"] and "*" not in policy["actions"]:
            return False
        if "resource_types" in policy and resource.get("type") not in policy["resource_types"]:
            return False
        return all(holds(c, user, resource) for c in policy.get("conditions", []))

    matching = [p for p in policies.values() if matches(p)]
    return bool(matching) and not any(p.get("effect") == "deny" for p in matching)


# ---- random inputs -------------------------------------------------------------------
# Few distinct values, so that conditions hold often enough for allows and denies to matter.
strings = st.one_of(st.sampled_from(["a", "b"]), st.sampled_from(["a", "b"]),
                    st.sampled_from(["ab", "é", "", "x'; DROP TABLE y; --$$"]))
numbers = st.sampled_from([1, 2, 2.0, 1.5])
scalars = st.one_of(strings, numbers, strings, numbers, st.booleans(), st.none())
values = st.one_of(scalars, scalars, scalars, st.lists(scalars, max_size=3))
NAMES = ["a", "b", "c"]
references = st.one_of(st.sampled_from([f"{side}.{n}" for side in ("user", "resource") for n in NAMES]),
                       st.sampled_from(["resource.id", "resource.type", "user.id", "user.nothing"]))
OPERATORS = ["==", "!=", "<", "<=", ">", ">=", "in", "not_in", "contains", "exists"]


@st.composite
def comparisons(draw) -> dict:
    op = draw(st.sampled_from(OPERATORS))
    cond = {"attribute": draw(references), "operator": op}
    if op == "exists":
        if draw(st.booleans()):
            cond["value"] = draw(st.booleans())
    elif draw(st.booleans()):
        cond["value_of"] = draw(references)
    elif op in ("<", "<=", ">", ">="):
        cond["value"] = draw(st.one_of(strings, numbers))
    elif op in ("in", "not_in"):
        cond["value"] = draw(st.lists(scalars, max_size=3))
    elif op == "contains":
        cond["value"] = draw(scalars)
    else:
        cond["value"] = draw(values)
    return cond


groups = st.recursive(
    comparisons(),
    lambda inner: st.one_of(st.builds(lambda cs: {"all": cs}, st.lists(inner, max_size=3)),
                            st.builds(lambda cs: {"any": cs}, st.lists(inner, max_size=3)),
                            st.builds(lambda c: {"not": c}, inner)),
    max_leaves=4)
conditions = st.one_of(comparisons(), comparisons(), comparisons(), groups)  # mostly plain comparisons
ACTIONS = ["read", "write"]


@st.composite
def policies(draw) -> dict:
    policy = {"actions": draw(st.lists(st.sampled_from(ACTIONS + ["*"]), min_size=1, max_size=2, unique=True)),
              "conditions": draw(st.lists(conditions, min_size=1, max_size=2))}
    effect = draw(st.sampled_from([None, "allow", "deny"]))
    if effect:
        policy["effect"] = effect
    if draw(st.booleans()):
        policy["resource_types"] = draw(st.lists(st.sampled_from(["doc", "table"]), min_size=1, max_size=2))
    return policy


attribute_sets = st.dictionaries(st.sampled_from(NAMES), values, min_size=2, max_size=3)


@pytest.fixture(scope="module")
def conn(cluster, installed_template):
    name = "access_property"
    with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {installed_template}")
    with psycopg.connect(cluster.dsn(name)) as connection:
        yield connection
    with psycopg.connect(cluster.dsn(), autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(policy_list=st.lists(policies(), min_size=1, max_size=3),
       users=st.lists(attribute_sets, min_size=1, max_size=3),
       resources=st.lists(st.tuples(st.sampled_from(["doc", "table"]), attribute_sets), min_size=1, max_size=3))
def test_evaluate_agrees_with_the_reference_evaluator(conn, policy_list, users, resources):
    gov = Governance(conn)
    try:
        named = {f"policy {i}": p for i, p in enumerate(policy_list)}
        for name, policy in named.items():
            gov.create_policy(name, policy)
        user_attrs = {}
        for i, attrs in enumerate(users):
            user_id = f"u{i}"
            for key, value in attrs.items():
                gov.set_user_attribute(user_id, key, value)
            user_attrs[user_id] = {**attrs, "id": user_id}
        resource_attrs = {}
        for i, (rtype, attrs) in enumerate(resources):
            resource_id = f"r{i}"
            gov.set_resource_attribute(resource_id, rtype, "registered", True)
            for key, value in attrs.items():
                gov.set_resource_attribute(resource_id, rtype, key, value)
            resource_attrs[resource_id] = {**attrs, "registered": True, "id": resource_id, "type": rtype}
        cases = list(itertools.product(user_attrs, resource_attrs, ACTIONS + ["delete"]))
        rows = conn.execute(
            "SELECT access.evaluate(u, r, a), access.explain(u, r, a) FROM unnest(%s::text[], %s::text[], %s::text[]) c(u, r, a)",
            [list(column) for column in zip(*cases)]).fetchall()
        for (user_id, resource_id, action), (decision, explained) in zip(cases, rows):
            expected = decide(named, user_attrs[user_id], resource_attrs[resource_id], action)
            assert decision is expected, (user_attrs[user_id], resource_attrs[resource_id], action, named)
            assert explained["decision"] is expected, explained
            if explained["deciding_policy"] is not None:
                deciding = named[explained["deciding_policy"]]
                assert (deciding.get("effect", "allow") == "allow") is expected
    finally:
        conn.rollback()
