"""Run the conformance table against app.py through FastAPI's TestClient and write
../fastapi_422.json (tests/conformance/fastapi_422.json).

Usage (see README.md): /work/tmp/fastapi-venv/bin/python tests/conformance/fastapi/record.py

It also writes ../fastapi_unions_openapi.json: the OpenAPI component schemas FastAPI generates for
the union models (Cat, Dog, Zoo).

Every request body is sent as raw bytes with an explicit content-type (or deliberately without
one), so each case records exactly what went over the wire. Only the headers listed in a case are
set by the table; TestClient (httpx) adds host, accept, accept-encoding, connection, user-agent
and content-length on its own.
"""

import base64
import collections
import json
import os
import sys
from importlib.metadata import version

from fastapi.testclient import TestClient

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from app import StrictTask, app  # noqa: E402
from fastapi.encoders import jsonable_encoder  # noqa: E402
from pydantic import ValidationError  # noqa: E402

OUT = os.path.join(os.path.dirname(HERE), "fastapi_422.json")
# How FastAPI describes the union models in its OpenAPI document.
OUT_UNIONS_OPENAPI = os.path.join(os.path.dirname(HERE), "fastapi_unions_openapi.json")
UNION_SCHEMAS = ("Cat", "Dog", "Zoo")
# How FastAPI describes query parameters with lists and defaults (GET /search).
OUT_QUERY_OPENAPI = os.path.join(os.path.dirname(HERE), "fastapi_query_openapi.json")
JSON = {"content-type": "application/json"}

CASES = []


def case(name, why, method, path, body=None, headers=JSON):
    CASES.append(
        {
            "name": name,
            "why": why,
            "request": {
                "method": method,
                "path": path,
                "headers": dict(headers) if body is not None or headers is not JSON else {},
                "body": body,
            },
        }
    )


def post(name, why, body, headers=JSON):
    case(name, why, "POST", "/tasks", body, headers)


def get(name, why, path):
    case(name, why, "GET", path, None, {})


# ---------------------------------------------------------------- body: POST /tasks
post("body_valid_minimal", "only the required field: 201", '{"title":"a"}')
post("body_missing_title", "required field absent (another field present)", '{"done":false}')
post("body_empty_object", "empty object: required field absent", "{}")
post("title_empty", "min_length 1 on a string", '{"title":""}')
post("title_101_chars", "max_length 100 on a string", json.dumps({"title": "x" * 101}))
post("title_100_chars", "max_length 100 is inclusive: 201", json.dumps({"title": "x" * 100}))
post("title_number", "number where a string is expected", '{"title":5}')
post("title_null", "null for a required non-optional string", '{"title":null}')
post("title_utf8_100_chars", "100 three-byte characters (300 bytes): length counts characters, 201",
     json.dumps({"title": "日" * 100}, ensure_ascii=False))
post("title_utf8_101_chars", "101 three-byte characters: too long",
     json.dumps({"title": "日" * 101}, ensure_ascii=False))
post("title_emoji_100_chars", "100 astral-plane characters (200 UTF-16 units): counts code points, 201",
     json.dumps({"title": "😀" * 100}, ensure_ascii=False))
post("title_whitespace_only", "a single space satisfies min_length 1 (no stripping): 201", '{"title":" "}')
post("done_yes", "bool from the string \"yes\"", '{"title":"a","done":"yes"}')
post("done_true_string", "bool from the string \"true\"", '{"title":"a","done":"true"}')
post("done_int_1", "bool from the integer 1", '{"title":"a","done":1}')
post("done_string_1", "bool from the string \"1\"", '{"title":"a","done":"1"}')
post("done_int_2", "bool from the integer 2", '{"title":"a","done":2}')
post("done_null", "null for a non-optional field with a default", '{"title":"a","done":null}')
post("priority_urgent", "string outside the enum (Literal)", '{"title":"a","priority":"urgent"}')
post("priority_number", "number for an enum string", '{"title":"a","priority":1}')
post("tags_number_inside", "list item of the wrong type", '{"title":"a","tags":[1,"a"]}')
post("tags_6_items", "max_items 5 on a list", json.dumps({"title": "a", "tags": list("abcdef")}))
post("tags_string", "string where a list is expected", '{"title":"a","tags":"a"}')
post("estimate_negative", "ge 0 on an optional float", '{"title":"a","estimate":-1}')
post("estimate_null", "null for an optional field: 201", '{"title":"a","estimate":null}')
post("estimate_string", "float from the string \"3.5\"", '{"title":"a","estimate":"3.5"}')
post("estimate_true", "float from true", '{"title":"a","estimate":true}')
post("estimate_nan_literal", "non-standard JSON literal NaN (Python's json module accepts it)",
     '{"title":"a","estimate":NaN}')
post("due_not_a_date", "unparsable date-time", '{"title":"a","due":"not a date"}')
post("due_date_only", "date-time given as a bare date", '{"title":"a","due":"2026-11-28"}')
post("due_ok", "RFC 3339 date-time: 201", '{"title":"a","due":"2026-11-28T10:00:00Z"}')
post("owner_empty_object", "nested model with both required fields absent", '{"title":"a","owner":{}}')
post("owner_bad_fields", "nested model: empty name and invalid email", '{"title":"a","owner":{"name":"","email":"x"}}')
post("owner_email_no_domain", "email wording: nothing after @", '{"title":"a","owner":{"name":"b","email":"bob@"}}')
post("owner_email_no_dot", "email wording: domain without a dot", '{"title":"a","owner":{"name":"b","email":"bob@localhost"}}')
post("owner_email_space", "email wording: space in the local part", '{"title":"a","owner":{"name":"b","email":"b ob@example.com"}}')
post("owner_email_ok", "valid nested model: 201", '{"title":"a","owner":{"name":"b","email":"Bob@Example.COM"}}')
post("owner_string", "string where an object is expected", '{"title":"a","owner":"bob"}')
post("labels_int_value", "map value of the wrong type", '{"title":"a","labels":{"a":1}}')
post("labels_array", "array where a map is expected", '{"title":"a","labels":[]}')
post("id_hint_abc", "unparsable uuid", '{"title":"a","id_hint":"abc"}')
post("start_month_13", "date with month 13", '{"title":"a","start":"2026-13-01"}')
post("count_1001", "le 1000 on an optional u32", '{"title":"a","count":1001}')
post("count_negative", "u32 lower bound ge 0", '{"title":"a","count":-1}')
post("count_1_5", "fractional float for an int", '{"title":"a","count":1.5}')
post("count_1_0", "integral float 1.0 for an int", '{"title":"a","count":1.0}')
post("count_string_7", "int from the string \"7\"", '{"title":"a","count":"7"}')
post("count_huge", "2**70: beyond u64 and i64", '{"title":"a","count":%d}' % 2**70)
post("several_errors", "three errors at once (JSON key order = field order)",
     '{"title":"","tags":[1],"estimate":-1}')
post("several_errors_reversed", "same three errors, JSON keys in reverse field order",
     '{"estimate":-1,"tags":[1],"title":""}')
post("unknown_extra_field", "unknown key is ignored: 201", '{"title":"a","zzz":1}')
post("duplicate_key", "duplicate key: which one wins", '{"title":"a","title":""}')
post("body_json_array", "JSON array as the body", '[{"title":"a"}]')
post("body_json_string", "JSON string as the body", '"hello"')
post("body_json_null", "JSON null as the body", "null")
post("body_malformed_json", "truncated JSON", '{"title": ')
post("body_trailing_garbage", "valid JSON followed by garbage", '{"title":"a"} x')
post("body_malformed_trailing_comma", "JSON with a trailing comma", '{"title":"a",}')
post("body_malformed_single_quotes", "single-quoted JSON", "{'title':'a'}")
post("body_malformed_unterminated_string", "unterminated string", '{"title":"a')
post("body_malformed_after_multibyte", "error position after multi-byte characters: chars or bytes?",
     '{"title":"日日日", }')
post("body_utf8_bom", "UTF-8 byte order mark before valid JSON", "\ufeff" + '{"title":"a"}')
post("body_invalid_utf8", "a 0xFF byte before valid JSON (sent as body_base64)", None)
CASES[-1]["request"]["body_base64"] = "/3sidGl0bGUiOiJhIn0="  # b'\xff{"title":"a"}'
CASES[-1]["request"]["headers"] = dict(JSON)
post("body_empty_with_json_ct", "empty body with content-type application/json", "")
post("no_content_type", "valid JSON body without a content-type header", '{"title":"a"}', headers={})
post("content_type_text_plain", "valid JSON body sent as text/plain", '{"title":"a"}',
     headers={"content-type": "text/plain"})
post("content_type_json_charset", "application/json; charset=utf-8: 201", '{"title":"a"}',
     headers={"content-type": "application/json; charset=utf-8"})
post("content_type_plus_json", "application/vnd.api+json is JSON too: 201", '{"title":"a"}',
     headers={"content-type": "application/vnd.api+json"})
post("content_type_text_plain_empty", "empty body as text/plain", "",
     headers={"content-type": "text/plain"})

# ---------------------------------------------------------------- query: GET /tasks
get("query_none", "no query string: 200", "/tasks")
get("limit_0", "ge 1 on an optional u32 query param", "/tasks?limit=0")
get("limit_101", "le 100", "/tasks?limit=101")
get("limit_abc", "non-numeric", "/tasks?limit=abc")
get("limit_1_5", "fractional number", "/tasks?limit=1.5")
get("limit_1_0", "integral decimal 1.0", "/tasks?limit=1.0")
get("limit_empty", "empty value", "/tasks?limit=")
get("limit_50", "valid: 200", "/tasks?limit=50")
get("limit_twice", "repeated parameter: which one is used", "/tasks?limit=5&limit=6")
get("limit_twice_first_bad", "repeated parameter, the first one invalid", "/tasks?limit=abc&limit=6")
get("flag_yes", "bool query from \"yes\"", "/tasks?flag=yes")
get("flag_maybe", "unparsable bool", "/tasks?flag=maybe")
get("flag_1", "bool query from \"1\"", "/tasks?flag=1")
get("query_two_errors_reversed", "two query errors; URL order reversed w.r.t. declaration",
    "/tasks?flag=maybe&limit=0")
get("query_unknown_param", "unknown query parameter ignored: 200", "/tasks?zzz=1")

# ---------------------------------------------------------------- path: GET /tasks/{task_id}
get("path_abc", "non-numeric u64 path param", "/tasks/abc")
get("path_negative", "u64 lower bound ge 0", "/tasks/-1")
get("path_2_pow_64", "2**64: one past u64::MAX", "/tasks/18446744073709551616")
get("path_u64_max", "u64::MAX exactly: 200", "/tasks/18446744073709551615")
get("path_1_0", "integral decimal 1.0", "/tasks/1.0")
get("path_7", "valid: 200", "/tasks/7")

# ---------------------------------------------------------------- PUT /tasks/{task_id}
case("put_ok", "valid path and body: 200", "PUT", "/tasks/7", '{"title":"a"}')
case("put_bad_path_and_body", "path and body errors at once: their order", "PUT", "/tasks/abc",
     '{"title":""}')
case("put_bad_path_malformed_json", "bad path and malformed JSON: which is reported", "PUT",
     "/tasks/abc", '{"title": ')
case("put_bad_path_empty_body", "bad path and empty JSON body", "PUT", "/tasks/abc", "")

# ---------------------------------------------------------------- path + query (outside contract)
get("probe_bad_path_and_query", "OUTSIDE CONTRACT (GET /probe/{task_id}?limit): path vs query order",
    "/probe/abc?limit=0")

# ---------------------------------------------------------------- strict: POST /strict
def strict(name, why, body):
    case(name, why, "POST", "/strict", json.dumps(body, separators=(",", ":")))


strict("strict_valid", "every field of the strict model in its JSON type: 201", {
    "title": "a", "done": True, "priority": "low", "count": 5, "estimate": 1.5,
    "due": "2024-01-01T00:00:00Z", "start": "2024-01-01",
    "id_hint": "12345678-1234-1234-1234-123456789abc", "email": "a@example.com",
    "tags": [1, 2], "labels": {"a": True}, "counter": {"n": 1}})
strict("strict_float_from_int", "strict float accepts a JSON integer", {"estimate": 2})
strict("strict_bool_from_int", "strict bool refuses 0", {"done": 0})
strict("strict_bool_from_str", "strict bool refuses \"true\"", {"done": "true"})
strict("strict_int_from_str", "strict int refuses \"5\"", {"count": "5"})
strict("strict_int_from_float", "strict int refuses 5.0", {"count": 5.0})
strict("strict_int_from_bool", "strict int refuses true", {"count": True})
strict("strict_float_from_str", "strict float refuses \"1.5\"", {"estimate": "1.5"})
strict("strict_float_from_bool", "strict float refuses true", {"estimate": True})
strict("strict_datetime_from_int", "strict date-time refuses a number", {"due": 1700000000})
strict("strict_date_from_int", "strict date refuses a number", {"start": 19000})
strict("strict_date_from_datetime", "strict date and a midnight date-time", {"start": "2024-01-01T00:00:00Z"})
strict("strict_datetime_from_date_str", "strict date-time and a date string", {"due": "2024-01-01"})
strict("strict_datetime_from_timestamp_str", "strict date-time and a timestamp string", {"due": "1700000000"})
strict("strict_date_from_timestamp_str", "strict date and a timestamp string", {"start": "19000"})
strict("strict_datetime_bad_str", "strict date-time and a string that is none", {"due": "soon"})
strict("strict_uuid_from_int", "strict uuid refuses a number", {"id_hint": 5})
strict("strict_str_from_int", "a string is never lax", {"title": 5})
strict("strict_list_items", "strictness reaches list items", {"tags": ["1", 2.0, True, 3]})
strict("strict_map_values", "strictness reaches map values", {"labels": {"a": 1, "b": "yes"}})
strict("strict_nested_lax_model", "a nested model keeps its own (lax) config", {"counter": {"n": "5"}})
strict("strict_all_at_once", "every strict error at once, in field order",
       {"done": 1, "count": "2", "estimate": "x", "due": 0, "tags": [True]})

# ---------------------------------------------------------------- routing
case("method_not_allowed", "DELETE on a route that has GET and POST", "DELETE", "/tasks", None, {})
case("not_found", "unknown path", "GET", "/nope", None, {})

# ---------------------------------------------------------------- unions: POST /zoo
# Added after every other case so that the earlier cases keep their place in the output.
CAT = {"pet_type": "cat", "meows": 1}
DOG = {"pet_type": "dog", "barks": 1.5}


def zoo(name, why, body):
    """POST /zoo. `body` is a JSON value sent compactly, or a str sent as it is."""
    if not isinstance(body, str):
        body = json.dumps(body, separators=(",", ":"))
    case(name, why, "POST", "/zoo", body)


def base(**changes):
    """The valid base body {"pet":{"pet_type":"cat","meows":1},"id":5} with one thing changed."""
    body = {"pet": CAT, "id": 5}
    body.update(changes)
    return body


# pet: Pet (one_of [Cat, Dog], discriminator pet_type)
zoo("zoo_valid_cat", "valid base body: pet a cat, id 5 (the i64 member): 201", base())
zoo("zoo_pet_dog", "pet a dog: 201", base(pet=DOG))
zoo("zoo_pet_tag_missing", "discriminated union: tag absent", base(pet={"meows": 1}))
zoo("zoo_pet_tag_unknown", "discriminated union: tag matches no variant",
    base(pet={"pet_type": "cow"}))
zoo("zoo_pet_tag_number", "discriminated union: tag is a number", base(pet={"pet_type": 1}))
zoo("zoo_pet_tag_null", "discriminated union: tag is null", base(pet={"pet_type": None}))
zoo("zoo_pet_string", "discriminated union: a string instead of an object", base(pet="cat"))
zoo("zoo_pet_null", "discriminated union: null for a required union", base(pet=None))
zoo("zoo_pet_array", "discriminated union: an array instead of an object", base(pet=[]))
zoo("zoo_pet_cat_meows_x", "the chosen variant (cat) has a bad field",
    base(pet={"pet_type": "cat", "meows": "x"}))
zoo("zoo_pet_cat_no_meows", "the chosen variant (cat) lacks a field", base(pet={"pet_type": "cat"}))
zoo("zoo_pet_dog_barks_fast", "the chosen variant (dog) has a bad field",
    base(pet={"pet_type": "dog", "barks": "fast"}))
zoo("zoo_pet_cat_extra_field", "unknown field inside the chosen variant",
    base(pet={"pet_type": "cat", "meows": 1, "zzz": 1}))
zoo("zoo_pet_dog_with_cat_fields", "tag dog with a cat's fields (meows, no barks)",
    base(pet={"pet_type": "dog", "meows": 1}))
zoo("zoo_pet_dog_plus_meows", "a valid dog plus a meows field: 201",
    base(pet={"pet_type": "dog", "barks": 1.5, "meows": 1}))
zoo("zoo_pet_cat_meows_string_7", "lax int inside the chosen variant: meows \"7\"",
    base(pet={"pet_type": "cat", "meows": "7"}))

# pets: [Pet]
zoo("zoo_pets_cat_and_dog", "list of a discriminated union: 201", base(pets=[CAT, DOG]))
zoo("zoo_pets_dog_barks_x", "list of a discriminated union: second item has a bad field",
    base(pets=[CAT, {"pet_type": "dog", "barks": "x"}]))
zoo("zoo_pets_string", "a string instead of a list of unions", base(pets="x"))
zoo("zoo_pets_number_item", "a number as a list item of a discriminated union", base(pets=[1]))

# id: IdOrName (one_of [i64, string])
zoo("zoo_id_string_5", "plain union [i64, string] given \"5\": which member wins", base(id="5"))
zoo("zoo_id_float_5_0", "plain union [i64, string] given 5.0", base(id=5.0))
zoo("zoo_id_float_1_5", "plain union [i64, string] given 1.5", base(id=1.5))
zoo("zoo_id_true", "plain union [i64, string] given true", base(id=True))
zoo("zoo_id_false", "plain union [i64, string] given false", base(id=False))
zoo("zoo_id_null", "plain union [i64, string] given null (required field)", base(id=None))
zoo("zoo_id_array", "plain union [i64, string] given []", base(id=[]))
zoo("zoo_id_object", "plain union [i64, string] given {}", base(id={}))
zoo("zoo_id_i64_max", "i64::MAX exactly: 201", base(id=2**63 - 1))
zoo("zoo_id_2_pow_63", "2**63: one past i64::MAX", base(id=2**63))
zoo("zoo_id_i64_min", "i64::MIN exactly: 201", base(id=-(2**63)))
zoo("zoo_id_below_i64_min", "-2**63-1: one below i64::MIN", base(id=-(2**63) - 1))
zoo("zoo_id_empty_string", "plain union [i64, string] given \"\"", base(id=""))

# names: NamesOrName? (one_of ["[string]", string])
zoo("zoo_names_list", "plain union [[string], string] given a list: 201", base(names=["a", "b"]))
zoo("zoo_names_string", "plain union [[string], string] given a string: 201", base(names="a"))
zoo("zoo_names_list_of_int", "plain union [[string], string] given [1]", base(names=[1]))
zoo("zoo_names_int", "plain union [[string], string] given 5", base(names=5))
zoo("zoo_names_null", "optional plain union given null: 201", base(names=None))
zoo("zoo_names_empty_list", "plain union [[string], string] given []: 201", base(names=[]))
zoo("zoo_names_object", "plain union [[string], string] given {\"a\":1}", base(names={"a": 1}))

# cat_or_flag: CatOrFlag? (one_of [Cat, bool])
zoo("zoo_cat_or_flag_true", "plain union [Cat, bool] given true", base(cat_or_flag=True))
zoo("zoo_cat_or_flag_yes", "plain union [Cat, bool] given \"yes\"", base(cat_or_flag="yes"))
zoo("zoo_cat_or_flag_1", "plain union [Cat, bool] given 1", base(cat_or_flag=1))
zoo("zoo_cat_or_flag_0_5", "plain union [Cat, bool] given 0.5", base(cat_or_flag=0.5))
zoo("zoo_cat_or_flag_cat", "plain union [Cat, bool] given a cat", base(cat_or_flag=CAT))
zoo("zoo_cat_or_flag_dog", "plain union [Cat, bool] given {\"pet_type\":\"dog\"}",
    base(cat_or_flag={"pet_type": "dog"}))
zoo("zoo_cat_or_flag_5", "plain union [Cat, bool] given 5", base(cat_or_flag=5))
zoo("zoo_cat_or_flag_string_cat", "plain union [Cat, bool] given \"cat\"", base(cat_or_flag="cat"))
zoo("zoo_cat_or_flag_null", "optional plain union given null: 201", base(cat_or_flag=None))

# counts: {string: IdOrName}
zoo("zoo_counts_int_and_string", "map of a plain union: an int and a string value",
    base(counts={"a": 1, "b": "x"}))
zoo("zoo_counts_null_value", "map of a plain union: null value", base(counts={"a": None}))
zoo("zoo_counts_array_value", "map of a plain union: [] value", base(counts={"a": []}))
zoo("zoo_counts_string", "a string instead of a map", base(counts="x"))

# order
zoo("zoo_order_three_errors",
    "unknown tag, id null and names [1] at once (JSON key order = field order)",
    {"pet": {"pet_type": "cow"}, "id": None, "names": [1]})
zoo("zoo_order_three_errors_reversed", "the same three errors, JSON keys in reverse field order",
    {"names": [1], "id": None, "pet": {"pet_type": "cow"}})
zoo("zoo_empty_object", "every required field missing", {})
zoo("zoo_body_array", "JSON array as the body", [])


# ---------------------------------------------------------------- model unions: POST /shapes
# Added after the zoo cases so that every earlier case keeps its place in the output. A plain
# union of models: which member wins when several accept the value. `parsed.shapes` tells the
# members apart by their keys: A dumps x and y, B dumps x and z, C dumps name.
def shapes(name, why, body):
    """POST /shapes. `body` is a JSON value sent compactly."""
    case(name, why, "POST", "/shapes", json.dumps(body, separators=(",", ":")))


def shape(**changes):
    """The valid base body {"ab":{"x":1},"ba":{"x":1}} with one thing changed or added."""
    body = {"ab": {"x": 1}, "ba": {"x": 1}}
    body.update(changes)
    return body


# ab: AOrB (one_of [A, B])
shapes("shapes_ab_x1", "valid base body: ab and ba {\"x\":1} fit only A (B needs z): 201",
       shape())
shapes("shapes_ab_x1_z", "ab {\"x\":1,\"z\":true}: A (1 field set) and B (2) both fit: "
       "most fields set wins: B", shape(ab={"x": 1, "z": True}))
shapes("shapes_ab_x1_y_z", "ab {\"x\":1,\"y\":\"s\",\"z\":true}: A and B both fit exactly with "
       "2 fields set: the first member wins: A", shape(ab={"x": 1, "y": "s", "z": True}))
shapes("shapes_ab_xstr1_z", "ab {\"x\":\"1\",\"z\":true}: both need lax \"1\"->1; B sets 2 "
       "fields, A 1: B", shape(ab={"x": "1", "z": True}))
shapes("shapes_ab_x1_zyes", "most fields set wins over strict: A fits exactly with 1 field set, "
       "B needs lax 'yes'->True but sets 2: B", shape(ab={"x": 1, "z": "yes"}))
shapes("shapes_ab_xstr1", "ab {\"x\":\"1\"}: only A fits (lax \"1\"->1): A",
       shape(ab={"x": "1"}))
shapes("shapes_ab_x1_z1", "most fields set wins over strict: B needs lax 1->True but sets 2 "
       "fields, A 1: B", shape(ab={"x": 1, "z": 1}))
shapes("shapes_ab_empty", "ab {}: no member fits: A's errors, then B's", shape(ab={}))
shapes("shapes_ab_xa", "ab {\"x\":\"a\"}: no member fits: A's error at x, then B's at x and z",
       shape(ab={"x": "a"}))
shapes("shapes_ab_x1_y5", "ab {\"x\":1,\"y\":5}: A fails at y, B lacks z: both members' errors",
       shape(ab={"x": 1, "y": 5}))
shapes("shapes_ab_str", "ab \"str\": not an object, for each member", shape(ab="str"))
shapes("shapes_ab_null", "ab null (required union): not an object, for each member",
       shape(ab=None))
shapes("shapes_ab_list", "ab []: not an object, for each member", shape(ab=[]))
shapes("shapes_ab_z_only", "ab {\"z\":true}: both members lack x", shape(ab={"z": True}))

# ba: BOrA (one_of [B, A]): the same values, members in the other order
shapes("shapes_ba_x1", "the base body again (as shapes_ab_x1): ba {\"x\":1} fits only A, "
       "although B is first: A", shape(ba={"x": 1}))
shapes("shapes_ba_x1_z", "ba {\"x\":1,\"z\":true}: B sets 2 fields, A 1: B",
       shape(ba={"x": 1, "z": True}))
shapes("shapes_ba_x1_y_z", "ba {\"x\":1,\"y\":\"s\",\"z\":true}: B and A both fit exactly with "
       "2 fields set: the first member wins, now B", shape(ba={"x": 1, "y": "s", "z": True}))
shapes("shapes_ba_xstr1_z", "ba {\"x\":\"1\",\"z\":true}: both need lax \"1\"->1; B sets 2 "
       "fields, A 1: B", shape(ba={"x": "1", "z": True}))
shapes("shapes_ba_x1_zyes", "most fields set wins over strict: B needs lax 'yes'->True but sets "
       "2 fields, A fits exactly with 1: B", shape(ba={"x": 1, "z": "yes"}))
shapes("shapes_ba_xstr1", "ba {\"x\":\"1\"}: only A fits (lax \"1\"->1): A",
       shape(ba={"x": "1"}))
shapes("shapes_ba_x1_z1", "most fields set wins over strict: B needs lax 1->True but sets 2 "
       "fields, A 1: B", shape(ba={"x": 1, "z": 1}))
shapes("shapes_ba_empty", "ba {}: no member fits: B's errors, then A's (member order)",
       shape(ba={}))
shapes("shapes_ba_xa", "ba {\"x\":\"a\"}: no member fits: B's errors at x and z, then A's at x",
       shape(ba={"x": "a"}))
shapes("shapes_ba_x1_y5", "ba {\"x\":1,\"y\":5}: B lacks z, A fails at y: B's error first",
       shape(ba={"x": 1, "y": 5}))
shapes("shapes_ba_str", "ba \"str\": not an object, for B then A", shape(ba="str"))
shapes("shapes_ba_null", "ba null (required union): not an object, for B then A",
       shape(ba=None))
shapes("shapes_ba_list", "ba []: not an object, for B then A", shape(ba=[]))
shapes("shapes_ba_z_only", "ba {\"z\":true}: both members lack x, B first",
       shape(ba={"z": True}))

# ac: AOrC? (one_of [A, C]): members with no field in common
shapes("shapes_ac_x1", "ac {\"x\":1}: only A fits: A", shape(ac={"x": 1}))
shapes("shapes_ac_name", "ac {\"name\":\"n\"}: only C fits: C", shape(ac={"name": "n"}))
shapes("shapes_ac_x1_name", "ac {\"x\":1,\"name\":\"n\"}: A and C both fit exactly with 1 field "
       "set: the first member wins: A", shape(ac={"x": 1, "name": "n"}))
shapes("shapes_ac_empty", "ac {}: A lacks x, C lacks name", shape(ac={}))
shapes("shapes_ac_5", "ac 5: not an object, for A then C", shape(ac=5))

# a_or_str: AOrStr (one_of [A, string]), default "none"
shapes("shapes_a_or_str_x1", "a_or_str {\"x\":1}: only A fits: A", shape(a_or_str={"x": 1}))
shapes("shapes_a_or_str_s", "a_or_str \"s\": only the string member fits", shape(a_or_str="s"))
shapes("shapes_a_or_str_5", "a_or_str 5: neither A nor string takes a number",
       shape(a_or_str=5))
shapes("shapes_a_or_str_empty", "a_or_str {}: A lacks x, and {} is not a string",
       shape(a_or_str={}))

# ties on the number of fields set, decided by strict over lax, then by member order
shapes("shapes_ab_x1_y_z1", "ab {\"x\":1,\"y\":\"s\",\"z\":1}: 2 fields set each; A fits "
       "exactly, B needs lax 1->True: A (strict and member order agree)",
       shape(ab={"x": 1, "y": "s", "z": 1}))
shapes("shapes_ba_x1_y_z1", "strict beats lax on equal field count: ba {\"x\":1,\"y\":\"s\","
       "\"z\":1}: 2 fields set each; B (first) needs lax 1->True, A fits exactly: A",
       shape(ba={"x": 1, "y": "s", "z": 1}))
shapes("shapes_ab_xstr1_y_z", "ab {\"x\":\"1\",\"y\":\"s\",\"z\":true}: 2 fields set each, both "
       "need lax \"1\"->1: the first member wins: A", shape(ab={"x": "1", "y": "s", "z": True}))
shapes("shapes_ba_xstr1_y_z", "ba {\"x\":\"1\",\"y\":\"s\",\"z\":true}: 2 fields set each, both "
       "need lax \"1\"->1: the first member wins: B", shape(ba={"x": "1", "y": "s", "z": True}))
shapes("shapes_ac_xstr1_name", "strict beats lax on equal field count: ac {\"x\":\"1\","
       "\"name\":\"n\"}: 1 field set each; A (first) needs lax \"1\"->1, C fits exactly: C",
       shape(ac={"x": "1", "name": "n"}))
shapes("shapes_ac_name_x1", "ac {\"name\":\"n\",\"x\":1} (shapes_ac_x1_name with the keys "
       "reversed): still A: member order, not key order", shape(ac={"name": "n", "x": 1}))

# i64 bounds and a float inside model members
shapes("shapes_ab_x_too_big", "ab {\"x\":2**63}: no member fits: A's less_than_equal, then B's "
       "and B's missing z", shape(ab={"x": 2**63}))
shapes("shapes_ab_x_too_big_z", "ab {\"x\":2**63,\"z\":true}: no member fits: less_than_equal "
       "for A, then for B", shape(ab={"x": 2**63, "z": True}))
shapes("shapes_ab_x1_0_z", "ab {\"x\":1.0,\"z\":true}: both need lax 1.0->1; B sets 2 fields, "
       "A 1: B", shape(ab={"x": 1.0, "z": True}))


# ---------------------------------------------------------------- query lists and defaults: GET /search
# `need: "[u32]"`, `tag: { type: "[string]", max_items: 3, default: [] }`, `ids: "[i64]?"`,
# `pair: { type: "[f64]?", min_items: 2 }`, `page: { type: u32, ge: 1, default: 1 }`,
# `order: { type: string, enum: [asc, desc], default: desc }`. The last in the file.
def search(name, why, query):
    get(name, why, "/search" + query)


search("search_need_only", "only the required list, once: the others take their defaults", "?need=1")
search("search_nothing", "no query: the required list is missing", "")
search("search_need_repeated", "a list parameter given twice: both items, in order", "?need=1&need=2")
search("search_need_interleaved", "a list's items between other parameters",
       "?need=1&tag=a&need=2&tag=b")
search("search_need_bad_items", "items checked one by one: loc ends with the item's index",
       "?need=x&need=2&need=-1")
search("search_need_empty", "an empty value is an item: \"\" is not an integer", "?need=")
search("search_need_bare", "a name without `=` is the item \"\"", "?need=1&need")
search("search_need_too_big", "u32's bound on an item", "?need=4294967296")
search("search_need_percent", "items are percent-decoded", "?need=%31&need=+2")
search("search_tag_three", "max_items 3, three items: 200", "?need=1&tag=a&tag=b+c&tag=d%20e")
search("search_tag_four", "max_items 3, four items: too_long on the whole list",
       "?need=1&tag=a&tag=b&tag=c&tag=d")
search("search_tag_empty", "an empty string item", "?need=1&tag=")
search("search_ids", "an optional list of i64", "?need=1&ids=3&ids=-4")
search("search_ids_float", "an i64 item with a fraction", "?need=1&ids=1.5")
search("search_pair_one", "min_items 2 on an optional list, one item: too_short", "?need=1&pair=1.5")
search("search_pair_two", "min_items 2, two items: 200", "?need=1&pair=1.5&pair=2")
search("search_pair_bad", "a float item that does not parse", "?need=1&pair=x&pair=2")
search("search_page", "a parameter with a default, given", "?need=1&page=3")
search("search_page_0", "ge 1 on a parameter with a default", "?need=1&page=0")
search("search_page_empty", "an empty value is not the default: int_parsing", "?need=1&page=")
search("search_page_twice", "a scalar given twice: the last value", "?need=1&page=2&page=5")
search("search_order_asc", "an enum with a default, given", "?need=1&order=asc")
search("search_order_bad", "a value outside the enum", "?need=1&order=up")
search("search_order_empty", "an empty value is not the default: literal_error", "?need=1&order=")
search("search_all_errors_reversed", "an error in every parameter, the URL in reverse order: "
       "errors in declaration order", "?order=up&page=0&pair=1&ids=a&tag=a&tag=b&tag=c&tag=d&need=x")


# ---------------------------------------------------------------- dates written back: POST /tasks
# `parsed` is `model_dump(mode="json")`, how FastAPI writes a response model: a date-time's
# fraction is written with six digits, a UTC offset as `Z`, a date for a date-time at midnight.
post("due_fraction_written_back", "a date-time with milliseconds: written with microseconds",
     '{"title":"a","due":"2025-10-15T13:53:05.741Z"}')
post("due_offset_written_back", "a date-time with an offset and no seconds: seconds added",
     '{"title":"a","due":"2026-11-28T10:00+02:00","start":"2026-11-28"}')
post("due_date_only_written_back", "a bare date for a date-time: midnight, no offset",
     '{"title":"a","due":"2026-11-28"}')


def strict_json_answer(content):
    """What FastAPI would answer if it read the body with Pydantic's JSON mode.

    FastAPI validates `json.loads(body)` in Python mode, so a strict model refuses every
    date-time, date and UUID (JSON has no such types: pydantic/pydantic#7065). Pydantic's own
    JSON mode, `model_validate_json`, is what strict means for a JSON body; axumgen follows it.
    The errors are shaped as FastAPI shapes them (`loc` under "body", no `url`).
    """
    try:
        task = StrictTask.model_validate_json(content)
    except ValidationError as error:
        detail = [
            {**e, "loc": ["body", *e["loc"]]}
            for e in error.errors(include_url=False)
        ]
        return {"status": 422, "body": {"detail": jsonable_encoder(detail)}}
    return {"status": 201, "body": {"ok": True}, "parsed": {"task": task.model_dump(mode="json")}}


def run():
    client = TestClient(app, raise_server_exceptions=False, follow_redirects=False)
    for c in CASES:
        req = c["request"]
        app.state.last_parsed = None
        if "body_base64" in req:
            content = base64.b64decode(req["body_base64"])
        else:
            content = None if req["body"] is None else req["body"].encode("utf-8")
        resp = client.request(req["method"], req["path"], content=content, headers=req["headers"])
        sent = resp.request.url.raw_path.decode("ascii")
        assert sent == req["path"], (c["name"], sent, req["path"])
        ctype = resp.headers.get("content-type")
        if ctype and ctype.startswith("application/json"):
            body = resp.json()
            # the wire form is exactly compact JSON with non-ASCII unescaped
            compact = json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            assert resp.content == compact.encode("utf-8"), (c["name"], resp.content)
        else:
            body = resp.text
        headers = {"content-type": ctype} if ctype is not None else {}
        if "allow" in resp.headers:  # 405 answers
            headers["allow"] = resp.headers["allow"]
        c["response"] = {
            "status": resp.status_code,
            "headers": headers,
            "body": body,
        }
        if req["path"] == "/strict":
            c["pydantic_json"] = strict_json_answer(content)
        if 200 <= resp.status_code < 300:
            # Not part of the wire answer: what the handler received after Pydantic's coercion.
            c["parsed"] = app.state.last_parsed

    doc = {
        "fastapi": version("fastapi"),
        "pydantic": version("pydantic"),
        "pydantic_core": version("pydantic-core"),
        "starlette": version("starlette"),
        "email_validator": version("email-validator"),
        "note": "Written by tests/conformance/fastapi/record.py; see README.md there. "
        "`parsed` (2xx cases only) is what the handler received, not part of the response. "
        "`body_base64` (when present) replaces `body` for bytes that are not UTF-8. "
        "Response headers: content-type, plus allow when present. Response bodies were "
        "serialized compactly (separators , and :) with non-ASCII unescaped. "
        "`pydantic_json` (POST /strict only): the answer had FastAPI read the body with "
        "Pydantic's JSON mode (see strict_json_answer in record.py).",
        "cases": CASES,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # app.openapi()["components"]["schemas"] restricted to the union models, including any
    # variant FastAPI derives from them (such as "Zoo-Input" / "Zoo-Output"), in FastAPI's order.
    schemas = {
        name: schema
        for name, schema in app.openapi()["components"]["schemas"].items()
        if name.split("-")[0] in UNION_SCHEMAS
    }
    assert set(UNION_SCHEMAS) <= {name.split("-")[0] for name in schemas}, sorted(schemas)
    with open(OUT_UNIONS_OPENAPI, "w", encoding="utf-8") as f:
        json.dump(schemas, f, indent=2, ensure_ascii=False)
        f.write("\n")

    parameters = app.openapi()["paths"]["/search"]["get"]["parameters"]
    with open(OUT_QUERY_OPENAPI, "w", encoding="utf-8") as f:
        json.dump(parameters, f, indent=2, ensure_ascii=False)
        f.write("\n")

    # completeness check + summary
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    missing = [c["name"] for c in CASES if "response" not in c]
    assert not missing, missing
    statuses = collections.Counter(c["response"]["status"] for c in CASES)
    types = collections.Counter(
        e["type"]
        for c in CASES
        if isinstance(c["response"]["body"], dict)
        for e in c["response"]["body"].get("detail", []) if isinstance(e, dict)
    )
    print(f"fastapi {doc['fastapi']}, pydantic {doc['pydantic']}, pydantic_core {doc['pydantic_core']}")
    print(f"{len(CASES)} cases written to {OUT}")
    print(f"{len(schemas)} schemas ({', '.join(schemas)}) written to {OUT_UNIONS_OPENAPI}")
    print("statuses:", dict(sorted(statuses.items())))
    print("error types:", dict(sorted(types.items())))


if __name__ == "__main__":
    run()
