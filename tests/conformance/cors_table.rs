//! Starlette 1.10's CORS conformance table (reference §1.7, every row of
//! `tests/middleware/test_cors.py`) and the supplementary cases of §1.8, replayed against the
//! project generated from `tests/conformance/cors.yaml`: one mount per configuration.
//!
//! Copied into the generated project's `tests/` by axumgen's end-to-end suite. List headers
//! (`Vary`, `Access-Control-Allow-*`) are compared as sets of tokens: names case-insensitively,
//! methods case-sensitively, as reference §8 prescribes.

mod support;

use axum::body::Body;
use axum::http::{Request, Response};
use std::collections::BTreeSet;
use support::*;

const V4: &[&str] = &[
    "Origin",
    "Access-Control-Request-Method",
    "Access-Control-Request-Headers",
    "Access-Control-Request-Private-Network",
];
const ALLM: &[&str] = &[
    "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "QUERY",
];
const SAFE: &[&str] = &[
    "Accept",
    "Accept-Language",
    "Content-Language",
    "Content-Type",
];

async fn call(method: &str, uri: &str, headers: &[(&str, &str)]) -> Response<Body> {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let body = if matches!(method, "PATCH" | "POST" | "PUT") {
        Body::from("{}")
    } else {
        Body::empty()
    };
    send(request.body(body).expect("a valid request")).await
}

fn names(response: &Response<Body>, name: &str) -> BTreeSet<String> {
    header(response, name)
        .unwrap_or_default()
        .split(',')
        .map(|t| t.trim().to_ascii_lowercase())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The header's tokens equal `expected`, case-insensitively (header names).
fn assert_name_set(response: &Response<Body>, name: &str, expected: &[&str]) {
    let expected: BTreeSet<String> = expected.iter().map(|t| t.to_ascii_lowercase()).collect();
    assert_eq!(names(response, name), expected, "{name}");
}

/// The header's tokens equal `expected`, case-sensitively (methods).
fn assert_method_set(response: &Response<Body>, name: &str, expected: &[&str]) {
    let actual: BTreeSet<String> = header(response, name)
        .unwrap_or_default()
        .split(',')
        .map(|t| t.trim().to_string())
        .collect();
    let expected: BTreeSet<String> = expected.iter().map(|t| t.to_string()).collect();
    assert_eq!(actual, expected, "{name}");
}

fn with(extra: &[&'static str]) -> Vec<&'static str> {
    SAFE.iter().chain(extra).copied().collect()
}

async fn body(response: Response<Body>) -> String {
    body_text(response).await.trim_end().to_string()
}

const ORIGIN: &str = "https://example.org";

#[tokio::test]
async fn row_1a_allow_all_preflight() {
    let r = call(
        "OPTIONS",
        "/c1",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Example"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_header(&r, "access-control-allow-headers", "X-Example");
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", V4);
    assert_method_set(&r, "access-control-allow-methods", ALLM);
    assert_header(&r, "access-control-max-age", "600");
    assert_eq!(body(r).await, "OK");
}

#[tokio::test]
async fn row_1b_allow_all_simple() {
    let r = call("GET", "/c1", &[("origin", ORIGIN)]).await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_header(&r, "access-control-expose-headers", "X-Status");
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", &["Origin"]);
    assert_eq!(body(r).await, "Homepage");
}

#[tokio::test]
async fn row_1c_allow_all_simple_with_cookie() {
    let r = call(
        "GET",
        "/c1",
        &[("origin", ORIGIN), ("cookie", "star_cookie=sugar")],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_header(&r, "access-control-expose-headers", "X-Status");
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_1d_allow_all_without_origin() {
    let r = call("GET", "/c1", &[]).await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-origin");
    assert_absent(&r, "access-control-allow-credentials");
    assert_absent(&r, "access-control-expose-headers");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_2a_allow_all_except_credentials_preflight() {
    let r = call(
        "OPTIONS",
        "/c2",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Example"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", "*");
    assert_header(&r, "access-control-allow-headers", "X-Example");
    assert_absent(&r, "access-control-allow-credentials");
    assert_name_set(&r, "vary", V4);
    assert_method_set(&r, "access-control-allow-methods", ALLM);
    assert_header(&r, "access-control-max-age", "600");
}

#[tokio::test]
async fn row_2b_options_without_origin_reaches_the_get_only_route() {
    let r = call(
        "OPTIONS",
        "/c2",
        &[
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Example"),
        ],
    )
    .await;
    assert_status(&r, 405);
    assert_name_set(&r, "vary", &["Origin"]);
    assert_absent(&r, "access-control-allow-origin");
}

#[tokio::test]
async fn row_2c_allow_all_except_credentials_simple() {
    let r = call("GET", "/c2", &[("origin", ORIGIN)]).await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", "*");
    assert_header(&r, "access-control-expose-headers", "X-Status");
    assert_absent(&r, "access-control-allow-credentials");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_2d_allow_all_except_credentials_without_origin() {
    let r = call("GET", "/c2", &[]).await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-origin");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_3a_specific_origin_preflight() {
    let r = call(
        "OPTIONS",
        "/c3",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Example, Content-Type"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_name_set(&r, "access-control-allow-headers", &with(&["X-Example"]));
    assert_absent(&r, "access-control-allow-credentials");
    assert_method_set(&r, "access-control-allow-methods", &["GET"]);
    assert_header(&r, "access-control-max-age", "600");
    assert_name_set(&r, "vary", V4);
    assert_eq!(body(r).await, "OK");
}

#[tokio::test]
async fn row_3b_specific_origin_simple() {
    let r = call("GET", "/c3", &[("origin", ORIGIN)]).await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_absent(&r, "access-control-allow-credentials");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_3c_specific_origin_without_origin() {
    let r = call("GET", "/c3", &[]).await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-origin");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_4a_disallowed_preflight() {
    let r = call(
        "OPTIONS",
        "/c4",
        &[
            ("origin", "https://another.org"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "X-Nope"),
        ],
    )
    .await;
    assert_status(&r, 400);
    assert_name_set(&r, "vary", V4);
    assert_absent(&r, "access-control-allow-origin");
    assert_method_set(&r, "access-control-allow-methods", &["GET"]);
    assert_header(&r, "access-control-max-age", "600");
    assert_name_set(&r, "access-control-allow-headers", &with(&["X-Example"]));
    assert_eq!(body(r).await, "Disallowed CORS origin, method, headers");
}

#[tokio::test]
async fn row_4b_disallowed_headers_only() {
    let r = call(
        "OPTIONS",
        "/c4",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Nope-1, X-Nope-2"),
        ],
    )
    .await;
    assert_status(&r, 400);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_eq!(body(r).await, "Disallowed CORS headers");
}

#[tokio::test]
async fn row_5_wildcard_origins_with_credentials_echo_the_origin() {
    let r = call(
        "OPTIONS",
        "/c5",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "POST"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", V4);
    assert_method_set(&r, "access-control-allow-methods", &["POST"]);
    assert_name_set(&r, "access-control-allow-headers", SAFE);
    assert_header(&r, "access-control-max-age", "600");
}

#[tokio::test]
async fn row_6_preflight_allows_every_listed_method() {
    for method in ALLM {
        let r = call(
            "OPTIONS",
            "/c6",
            &[
                ("origin", ORIGIN),
                ("access-control-request-method", method),
            ],
        )
        .await;
        assert_status(&r, 200);
        assert_method_set(&r, "access-control-allow-methods", ALLM);
        assert_header(&r, "access-control-allow-origin", "*");
        assert_name_set(&r, "access-control-allow-headers", SAFE);
        assert_name_set(&r, "vary", V4);
    }
}

#[tokio::test]
async fn row_7_preflight_rejects_a_custom_method_with_wildcard() {
    let r = call(
        "OPTIONS",
        "/c6",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "CUSTOM"),
        ],
    )
    .await;
    assert_status(&r, 400);
    assert!(names(&r, "vary").contains("access-control-request-method"));
    assert_header(&r, "access-control-allow-origin", "*");
    assert_eq!(body(r).await, "Disallowed CORS method");
}

#[tokio::test]
async fn row_8a_methods_with_bodies_reach_the_route() {
    for method in ["PATCH", "POST", "PUT"] {
        let r = call(method, "/c6", &[("origin", ORIGIN)]).await;
        assert_status(&r, 200);
        assert_header(&r, "access-control-allow-origin", "*");
        assert_name_set(&r, "vary", &["Origin"]);
    }
}

#[tokio::test]
async fn row_8b_methods_without_bodies_reach_the_route() {
    for method in ["DELETE", "GET", "HEAD", "OPTIONS"] {
        let r = call(method, "/c6", &[("origin", ORIGIN)]).await;
        assert_status(&r, 200);
        assert_header(&r, "access-control-allow-origin", "*");
        assert_name_set(&r, "vary", &["Origin"]);
        if method == "OPTIONS" {
            assert_eq!(
                body(r).await,
                "Homepage",
                "an OPTIONS without ACRM is not a preflight"
            );
        }
    }
}

#[tokio::test]
async fn row_8c_options_without_origin_is_not_a_preflight() {
    let r = call(
        "OPTIONS",
        "/c6",
        &[("access-control-request-method", "GET")],
    )
    .await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-origin");
    assert_name_set(&r, "vary", &["Origin"]);
    assert_eq!(body(r).await, "Homepage");
}

#[tokio::test]
async fn row_9a_regex_allows_a_matching_origin() {
    let r = call("GET", "/c9", &[("origin", ORIGIN)]).await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_9b_regex_allows_a_matching_origin_with_cookie() {
    let r = call(
        "GET",
        "/c9",
        &[("origin", ORIGIN), ("cookie", "star_cookie=sugar")],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    assert_header(&r, "access-control-allow-credentials", "true");
}

#[tokio::test]
async fn row_9c_regex_rejects_http_but_credentials_header_stays() {
    let r = call("GET", "/c9", &[("origin", "http://example.org")]).await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-origin");
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_9d_regex_preflight() {
    let r = call(
        "OPTIONS",
        "/c9",
        &[
            ("origin", "https://another.com"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Example, content-type"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-origin", "https://another.com");
    assert_name_set(&r, "access-control-allow-headers", &with(&["X-Example"]));
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_method_set(&r, "access-control-allow-methods", &["GET"]);
    assert_name_set(&r, "vary", V4);
}

#[tokio::test]
async fn row_9e_regex_preflight_from_a_non_matching_origin() {
    let r = call(
        "OPTIONS",
        "/c9",
        &[
            ("origin", "http://another.com"),
            ("access-control-request-method", "GET"),
            ("access-control-request-headers", "X-Example"),
        ],
    )
    .await;
    assert_status(&r, 400);
    assert_absent(&r, "access-control-allow-origin");
    assert_header(&r, "access-control-allow-credentials", "true");
    assert_name_set(&r, "vary", V4);
    assert_eq!(body(r).await, "Disallowed CORS origin");
}

#[tokio::test]
async fn row_10a_regex_fullmatch_allows_a_subdomain() {
    let r = call(
        "GET",
        "/c10",
        &[("origin", "https://subdomain.example.org")],
    )
    .await;
    assert_status(&r, 200);
    assert_header(
        &r,
        "access-control-allow-origin",
        "https://subdomain.example.org",
    );
    assert_absent(&r, "access-control-allow-credentials");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_10b_regex_fullmatch_rejects_a_suffix_attack() {
    let r = call(
        "GET",
        "/c10",
        &[("origin", "https://subdomain.example.org.hacker.com")],
    )
    .await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-origin");
    assert_name_set(&r, "vary", &["Origin"]);
}

#[tokio::test]
async fn row_11_vary_defaults_to_origin() {
    let r = call("GET", "/c11", &[("origin", ORIGIN)]).await;
    assert_status(&r, 200);
    assert_header(&r, "vary", "Origin");
    assert_header(&r, "access-control-allow-origin", ORIGIN);
}

#[tokio::test]
async fn row_12_vary_is_merged_into_one_field_without_credentials() {
    let r = call("GET", "/c12", &[("origin", "https://someplace.org")]).await;
    assert_status(&r, 200);
    assert_eq!(
        r.headers().get_all("vary").iter().count(),
        1,
        "one Vary field"
    );
    assert_name_set(
        &r,
        "vary",
        &["Accept-Encoding", "Accept-Language", "Origin"],
    );
    assert_header(&r, "access-control-allow-origin", "*");
}

#[tokio::test]
async fn row_13_vary_is_merged_into_one_field_with_credentials() {
    let r = call("GET", "/c13", &[("origin", "https://someplace.org")]).await;
    assert_status(&r, 200);
    assert_eq!(
        r.headers().get_all("vary").iter().count(),
        1,
        "one Vary field"
    );
    assert_name_set(
        &r,
        "vary",
        &["Accept-Encoding", "Accept-Language", "Origin"],
    );
    assert_header(&r, "access-control-allow-origin", "https://someplace.org");
    assert_header(&r, "access-control-allow-credentials", "true");
}

#[tokio::test]
async fn row_14_vary_keeps_the_handlers_value_for_explicit_origins() {
    let r = call("GET", "/c14", &[("origin", ORIGIN)]).await;
    assert_status(&r, 200);
    assert_name_set(&r, "vary", &["Accept-Encoding", "Origin"]);
    assert_header(&r, "access-control-allow-origin", ORIGIN);
}

#[tokio::test]
async fn row_15_allowed_origin_does_not_leak_between_requests() {
    let r = call("GET", "/c11", &[("origin", ORIGIN)]).await;
    assert_header(&r, "access-control-allow-origin", ORIGIN);
    let r = call("GET", "/c11", &[("origin", "https://other.org")]).await;
    assert_absent(&r, "access-control-allow-origin");
    assert_name_set(&r, "vary", &["Origin"]);
    let r = call("GET", "/c11", &[("origin", ORIGIN)]).await;
    assert_header(&r, "access-control-allow-origin", ORIGIN);
}

#[tokio::test]
async fn row_16a_private_network_allowed() {
    let r = call(
        "OPTIONS",
        "/c16",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "access-control-allow-private-network", "true");
    assert_header(&r, "access-control-allow-origin", "*");
    assert_method_set(&r, "access-control-allow-methods", ALLM);
    assert_name_set(&r, "access-control-allow-headers", SAFE);
    assert_name_set(&r, "vary", V4);
}

#[tokio::test]
async fn row_16b_private_network_not_requested() {
    let r = call(
        "OPTIONS",
        "/c16",
        &[("origin", ORIGIN), ("access-control-request-method", "GET")],
    )
    .await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-private-network");
}

#[tokio::test]
async fn row_16c_private_network_header_never_on_simple_responses() {
    let r = call(
        "GET",
        "/c16",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-private-network");
    assert_header(&r, "access-control-allow-origin", "*");
    assert_name_set(&r, "vary", &["Origin"]);
    assert_eq!(body(r).await, "Homepage");
}

#[tokio::test]
async fn row_17a_private_network_disallowed_but_not_requested() {
    let r = call(
        "OPTIONS",
        "/c17",
        &[("origin", ORIGIN), ("access-control-request-method", "GET")],
    )
    .await;
    assert_status(&r, 200);
    assert_absent(&r, "access-control-allow-private-network");
}

#[tokio::test]
async fn row_17b_private_network_disallowed_and_requested() {
    let r = call(
        "OPTIONS",
        "/c17",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
    )
    .await;
    assert_status(&r, 400);
    assert_absent(&r, "access-control-allow-private-network");
    assert_header(&r, "access-control-allow-origin", "*");
    assert_eq!(body(r).await, "Disallowed CORS private-network");
}

#[tokio::test]
async fn row_18_vary_with_gzip_outside_cors() {
    let r = call(
        "GET",
        "/c18",
        &[
            ("origin", "https://allowed.example"),
            ("accept-encoding", "gzip"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_header(&r, "content-encoding", "gzip");
    assert_header(&r, "access-control-allow-origin", "https://allowed.example");
    assert_name_set(
        &r,
        "vary",
        &["Accept-Language", "Accept-Encoding", "Origin"],
    );
}

#[tokio::test]
async fn supplementary_preflight_skips_layers_inside_cors() {
    let r = call(
        "OPTIONS",
        "/c19",
        &[
            ("origin", "https://a.example"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "authorization"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_name_set(
        &r,
        "access-control-allow-headers",
        &with(&["Authorization"]),
    );
    assert_method_set(&r, "access-control-allow-methods", &["GET", "POST"]);
    assert_absent(&r, "x-process-time");
}

#[tokio::test]
async fn supplementary_preflight_headers_are_trimmed_and_case_insensitive() {
    let r = call(
        "OPTIONS",
        "/c19",
        &[
            ("origin", "https://a.example"),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                " Authorization ,CONTENT-TYPE",
            ),
        ],
    )
    .await;
    assert_status(&r, 200);
}

#[tokio::test]
async fn supplementary_preflight_method_checks_are_exact() {
    for (method, expected) in [("DELETE", 400), ("get", 400), ("GET", 200)] {
        let r = call(
            "OPTIONS",
            "/c19",
            &[
                ("origin", "https://a.example"),
                ("access-control-request-method", method),
            ],
        )
        .await;
        assert_status(&r, expected);
        if expected == 400 {
            assert_header(&r, "access-control-allow-origin", "https://a.example");
            assert_eq!(body(r).await, "Disallowed CORS method");
        }
    }
}

#[tokio::test]
async fn supplementary_preflight_from_another_origin_is_refused_without_acao() {
    let r = call(
        "OPTIONS",
        "/c19",
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "GET"),
        ],
    )
    .await;
    assert_status(&r, 400);
    assert_absent(&r, "access-control-allow-origin");
    assert_eq!(body(r).await, "Disallowed CORS origin");
}

#[tokio::test]
async fn supplementary_preflight_to_an_unknown_path_is_answered() {
    let r = call(
        "OPTIONS",
        "/c19/no-such-route",
        &[
            ("origin", "https://a.example"),
            ("access-control-request-method", "GET"),
        ],
    )
    .await;
    assert_status(&r, 200);
    assert_eq!(body(r).await, "OK");
}

#[tokio::test]
async fn supplementary_origins_compare_exactly() {
    for origin in ["null", "https://a.example/", "https://A.example"] {
        let r = call("GET", "/c19", &[("origin", origin)]).await;
        assert_absent(&r, "access-control-allow-origin");
        assert_header(&r, "access-control-expose-headers", "X-Process-Time");
        assert_name_set(&r, "vary", &["Origin"]);
    }
}

#[tokio::test]
async fn supplementary_404_and_405_inside_the_mount_get_cors_headers() {
    let r = call("GET", "/c19/nope", &[("origin", "https://a.example")]).await;
    assert_status(&r, 404);
    assert_header(&r, "access-control-allow-origin", "https://a.example");
    let r = call("POST", "/c19", &[("origin", "https://a.example")]).await;
    assert_status(&r, 405);
    assert_header(&r, "access-control-allow-origin", "https://a.example");
}
