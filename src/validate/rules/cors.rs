//! CORS: origins that could never match, configurations that let any site read credentialed
//! responses, regexes that let look-alike origins through, and wildcards browsers ignore.
//!
//! Origins are compared byte for byte (Fetch, Starlette and tower-http all do), so an origin with
//! a path, a trailing slash, an upper-case host or a default port silently matches nothing.

use crate::diagnostic::{Rule, Severity};
use crate::spec::{Cors, Middleware, Spanned};
use crate::validate::{Cx, Findings};
use std::collections::HashMap;

pub const WILDCARD_CREDENTIALS: Rule = Rule {
    code: "cors-wildcard-credentials",
    severity: Severity::Error,
    summary: "`allow_origins: [\"*\"]` with `allow_credentials: true`: any site could read your users' responses",
    help: "list the origins that need credentials; if you really mean any origin, set `unsafe_allow_any_origin_with_credentials: true`",
};
pub const ORIGIN_SYNTAX: Rule = Rule {
    code: "cors-origin-syntax",
    severity: Severity::Error,
    summary: "an origin that is not `scheme://host[:port]` as browsers send it (path, trailing slash, missing scheme, upper case, default port)",
    help: "",
};
pub const ORIGIN_DUPLICATE: Rule = Rule {
    code: "cors-origin-duplicate",
    severity: Severity::Warning,
    summary: "the same origin listed twice",
    help: "remove the second one",
};
pub const ORIGIN_PATTERN: Rule = Rule {
    code: "cors-origin-pattern",
    severity: Severity::Error,
    summary: "a wildcard or regex in `allow_origins`, where entries are compared literally",
    help: "",
};
pub const NULL_ORIGIN: Rule = Rule {
    code: "cors-null-origin",
    severity: Severity::Error,
    summary: "the `null` origin is allowed: sandboxed iframes of any site send it",
    help: "remove `null`; a page that needs it should be served from a real origin",
};
pub const REGEX_INVALID: Rule = Rule {
    code: "cors-regex-invalid",
    severity: Severity::Error,
    summary: "`allow_origin_regex` does not compile (Rust's regex has no look-around or back-references)",
    help: "",
};
pub const REGEX_UNANCHORED: Rule = Rule {
    code: "cors-regex-unanchored",
    severity: Severity::Warning,
    summary: "`allow_origin_regex` lacks `^` or `$`; it is matched against the whole origin anyway (like Python's fullmatch)",
    help: "write the anchors so readers see what is matched: `^https://[a-z0-9-]+\\.example\\.com$`",
};
pub const REGEX_TOO_BROAD: Rule = Rule {
    code: "cors-regex-too-broad",
    severity: Severity::Error,
    summary: "with credentials, `allow_origin_regex` accepts an origin an attacker can register (`https://example.com.evil.net`, `null`, any origin)",
    help: "escape every dot (`\\.`), match a label with `[a-z0-9-]+` rather than `.*`, and end the pattern with `$`",
};
pub const REGEX_PERMISSIVE: Rule = Rule {
    code: "cors-regex-permissive",
    severity: Severity::Warning,
    summary: "without credentials, `allow_origin_regex` accepts origins an attacker can register: no worse than `*`, but rarely meant",
    help: "escape every dot (`\\.`), match a label with `[a-z0-9-]+` rather than `.*`, and end the pattern with `$`; or use `allow_origins: [\"*\"]` if any origin is meant",
};
pub const WILDCARD_WITH_CREDENTIALS: Rule = Rule {
    code: "cors-wildcard-with-credentials",
    severity: Severity::Warning,
    summary: "`*` in `allow_headers` or `expose_headers` together with credentials",
    help: "",
};
pub const METHOD_INVALID: Rule = Rule {
    code: "cors-method-invalid",
    severity: Severity::Error,
    summary: "an `allow_methods` entry that is lower-case, not a token, or forbidden by browsers (CONNECT, TRACE, TRACK)",
    help: "",
};
pub const MAX_AGE_CAPPED: Rule = Rule {
    code: "cors-max-age-capped",
    severity: Severity::Warning,
    summary: "`max_age` above 86400: browsers cap preflight caching well below it",
    help: "use 86400 or less (Chromium caches at most 7200 seconds)",
};
pub const INSECURE_ORIGIN: Rule = Rule {
    code: "cors-insecure-origin",
    severity: Severity::Warning,
    summary: "an `http://` origin (not localhost) trusted with credentials: anyone on its network path can use your users' sessions",
    help: "trust the `https://` origin instead",
};
pub const PRIVATE_NETWORK: Rule = Rule {
    code: "cors-private-network",
    severity: Severity::Warning,
    summary: "`allow_private_network` answers a legacy Chrome preflight that current Chrome no longer sends",
    help: "remove it unless you support old Chrome versions",
};
pub const ALLOWS_NOTHING: Rule = Rule {
    code: "cors-allows-nothing",
    severity: Severity::Warning,
    summary: "a `cors` layer with no origins and no regex: it allows no cross-origin request",
    help: "add `allow_origins` or `allow_origin_regex`, or remove the layer",
};

pub const RULES: &[Rule] = &[
    WILDCARD_CREDENTIALS,
    ORIGIN_SYNTAX,
    ORIGIN_DUPLICATE,
    ORIGIN_PATTERN,
    NULL_ORIGIN,
    REGEX_INVALID,
    REGEX_UNANCHORED,
    REGEX_TOO_BROAD,
    REGEX_PERMISSIVE,
    WILDCARD_WITH_CREDENTIALS,
    METHOD_INVALID,
    MAX_AGE_CAPPED,
    INSECURE_ORIGIN,
    PRIVATE_NETWORK,
    ALLOWS_NOTHING,
];

pub fn check(cx: &Cx, out: &mut Findings) {
    for layer in super::every_layer(cx) {
        if let Middleware::Cors(cors) = &layer.value {
            check_cors(cx, out, cors, layer);
        }
    }
}

fn check_cors(cx: &Cx, out: &mut Findings, cors: &Cors, layer: &Spanned<Middleware>) {
    let credentials = cors.allow_credentials.as_ref().filter(|c| c.value);
    let unsafe_any = cors.unsafe_allow_any_origin_with_credentials == Some(true);
    let mut seen: HashMap<&str, &Spanned<String>> = HashMap::new();
    for origin in &cors.allow_origins {
        let value = origin.value.as_str();
        if value == "*" {
            if let Some(credentials) = credentials
                && !unsafe_any
            {
                out.report(
                    WILDCARD_CREDENTIALS
                        .at(origin.span, "`*` origins with credentials would let any site read credentialed responses")
                        .with_related(credentials.span, "credentials allowed here"),
                );
            }
            continue;
        }
        if let Some(first) = seen.insert(value, origin) {
            out.report(
                ORIGIN_DUPLICATE
                    .at(origin.span, format!("`{value}` is listed twice"))
                    .with_related(first.span, "first listed here"),
            );
        }
        if value == "null" {
            out.report(NULL_ORIGIN.at(origin.span, "the `null` origin is allowed"));
            continue;
        }
        if let Some((message, help)) = pattern_problem(value) {
            out.report(ORIGIN_PATTERN.at(origin.span, message).with_help(help));
            continue;
        }
        match check_origin(value) {
            Err(problem) => {
                let span = origin
                    .span
                    .narrow(cx.source, value, problem.offset, problem.len);
                out.report(
                    ORIGIN_SYNTAX
                        .at(span, problem.message)
                        .with_help(problem.help),
                );
            }
            Ok(()) => {
                if credentials.is_some()
                    && value.starts_with("http://")
                    && !is_loopback_origin(value)
                {
                    out.report(INSECURE_ORIGIN.at(
                        origin.span,
                        format!("`{value}` is plain HTTP and trusted with credentials"),
                    ));
                }
            }
        }
    }
    if let Some(regex) = &cors.allow_origin_regex {
        check_regex(out, regex, credentials.is_some(), unsafe_any);
    }
    if cors.allow_origins.is_empty() && cors.allow_origin_regex.is_none() {
        out.report(ALLOWS_NOTHING.at(layer.span, "this `cors` layer allows no origin"));
    }
    if let Some(credentials) = credentials {
        for (list, what, why) in [
            (
                &cors.allow_headers,
                "allow_headers",
                "it will be honoured by echoing each preflight's Access-Control-Request-Headers, as Starlette does: every header is allowed",
            ),
            (
                &cors.expose_headers,
                "expose_headers",
                "with credentials, browsers read `*` as a header literally named `*`: nothing is exposed",
            ),
        ] {
            if let Some(star) = list.iter().find(|h| h.value == "*") {
                out.report(
                    WILDCARD_WITH_CREDENTIALS
                        .at(
                            star.span,
                            format!("`{what}: [\"*\"]` with credentials: {why}"),
                        )
                        .with_related(credentials.span, "credentials allowed here")
                        .with_help(format!("list the headers you need in `{what}`")),
                );
            }
        }
    }
    for method in cors.allow_methods.iter().flatten() {
        check_method(out, method);
    }
    if let Some(max_age) = &cors.max_age
        && max_age.value > 86_400
    {
        out.report(MAX_AGE_CAPPED.at(
            max_age.span,
            format!(
                "browsers will not cache a preflight for {} seconds",
                max_age.value
            ),
        ));
    }
    if cors.allow_private_network == Some(true) {
        out.report(PRIVATE_NETWORK.at(
            layer.span,
            "`allow_private_network` is a legacy Chrome feature",
        ));
    }
}

fn check_method(out: &mut Findings, method: &Spanned<String>) {
    let value = method.value.as_str();
    if value == "*" {
        return;
    }
    let upper = value.to_ascii_uppercase();
    let problem = if value.is_empty() || value.chars().any(|c| !crate::grammar::is_tchar(c)) {
        Some((
            format!("`{}` is not an HTTP method", value.escape_debug()),
            "methods are tokens like `GET` or `PATCH`".to_string(),
        ))
    } else if matches!(upper.as_str(), "CONNECT" | "TRACE" | "TRACK") {
        Some((
            format!("browsers never send `{upper}` cross-origin"),
            "remove it".to_string(),
        ))
    } else if value != upper {
        Some((
            format!(
                "`{value}` is not upper-case; preflights send `{upper}` and the comparison is exact"
            ),
            format!("write `{upper}`"),
        ))
    } else {
        None
    };
    if let Some((message, help)) = problem {
        out.report(METHOD_INVALID.at(method.span, message).with_help(help));
    }
}

/// A problem inside an origin string, with the byte range it concerns.
#[derive(Debug)]
pub struct OriginProblem {
    pub offset: usize,
    pub len: usize,
    pub message: String,
    pub help: String,
}

/// Checks that `origin` is a serialized origin: lower-case `scheme://host[:port]`, no default
/// port, nothing after the authority.
pub fn check_origin(origin: &str) -> Result<(), OriginProblem> {
    let problem = |offset: usize, len: usize, message: String, help: String| {
        Err(OriginProblem {
            offset,
            len,
            message,
            help,
        })
    };
    let Some(scheme_end) = origin.find("://") else {
        return problem(
            0,
            origin.len(),
            format!("`{origin}` has no scheme"),
            format!("browsers send the scheme: write `https://{origin}`"),
        );
    };
    let scheme = &origin[..scheme_end];
    if scheme.is_empty() || !scheme.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return problem(
            0,
            scheme_end,
            format!("`{origin}` has no valid scheme"),
            "write `https://` or `http://` first".into(),
        );
    }
    if scheme.chars().any(|c| c.is_ascii_uppercase()) {
        return problem(
            0,
            scheme_end,
            format!("the scheme in `{origin}` is not lower-case; browsers send it lower-case"),
            format!("write `{}`", lower_origin(origin)),
        );
    }
    let authority_start = scheme_end + 3;
    let rest = &origin[authority_start..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let after = &rest[authority_len..];
    if !after.is_empty() {
        let what = if after == "/" {
            "a trailing `/`".to_string()
        } else if after.starts_with('/') {
            format!("a path (`{after}`)")
        } else {
            format!("`{after}`")
        };
        return problem(
            authority_start + authority_len,
            after.len(),
            format!(
                "`{origin}` has {what}; an origin is only scheme, host and port, so it would never match"
            ),
            format!("write `{}`", &origin[..authority_start + authority_len]),
        );
    }
    if let Some(at) = authority.find('@') {
        return problem(
            authority_start,
            at + 1,
            format!("`{origin}` contains user information, which origins never have"),
            format!("write `{scheme}://{}`", &authority[at + 1..]),
        );
    }
    let (host, port) = split_host_port(authority);
    if host.is_empty() {
        return problem(
            authority_start,
            authority.len(),
            format!("`{origin}` has no host"),
            "write a host name after `://`".into(),
        );
    }
    if host.chars().any(|c| c.is_ascii_uppercase()) {
        return problem(
            authority_start,
            host.len(),
            format!(
                "the host in `{origin}` is not lower-case; browsers send it lower-case, so it would never match"
            ),
            format!("write `{}`", lower_origin(origin)),
        );
    }
    if let Some(c) = host
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '[' | ']' | ':' | '_')))
    {
        let offset = authority_start + host.find(c).unwrap_or(0);
        return problem(
            offset,
            c.len_utf8(),
            format!(
                "the host in `{origin}` contains {}",
                crate::grammar::describe_char(c)
            ),
            "non-ASCII host names must be written in punycode (`xn--…`), as browsers send them"
                .into(),
        );
    }
    if let Some(port) = port {
        let port_offset = authority_start + host.len() + 1;
        let Ok(number) = port.parse::<u16>() else {
            return problem(
                port_offset,
                port.len(),
                format!("`{port}` is not a port number"),
                "ports are 1 to 65535".into(),
            );
        };
        if (scheme == "https" && number == 443) || (scheme == "http" && number == 80) {
            return problem(
                port_offset - 1,
                port.len() + 1,
                format!(
                    "`:{number}` is the default port for {scheme}; browsers leave it out of the origin"
                ),
                format!("write `{scheme}://{host}`"),
            );
        }
    }
    Ok(())
}

fn split_host_port(authority: &str) -> (&str, Option<&str>) {
    if authority.starts_with('[') {
        return match authority.find(']') {
            Some(end) => (&authority[..=end], authority[end + 1..].strip_prefix(':')),
            None => (authority, None),
        };
    }
    match authority.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    }
}

fn lower_origin(origin: &str) -> String {
    origin.to_ascii_lowercase()
}

fn is_loopback_origin(origin: &str) -> bool {
    let host = origin.trim_start_matches("http://");
    let (host, _) = split_host_port(host);
    matches!(host, "localhost" | "127.0.0.1" | "[::1]") || host.ends_with(".localhost")
}

/// A glob or regex written in `allow_origins`: its message and the regex to write instead.
fn pattern_problem(origin: &str) -> Option<(String, String)> {
    let regexy = origin.contains(['^', '$', '\\', '(', ')', '[', ']', '|', '+', '?'])
        || origin.contains(".*");
    if !origin.contains('*') && !regexy {
        return None;
    }
    let message = format!(
        "`{origin}` looks like a pattern, but `allow_origins` entries are compared literally: it matches nothing"
    );
    let suggestion = if regexy {
        format!("move it to `allow_origin_regex: '{origin}'`")
    } else {
        format!("use `allow_origin_regex: '{}'`", glob_to_regex(origin))
    };
    Some((message, suggestion))
}

/// `https://*.example.com` → `^https://[a-z0-9-]+\.example\.com$` (one label per `*`).
pub fn glob_to_regex(glob: &str) -> String {
    let mut regex = String::from("^");
    for c in glob.chars() {
        match c {
            '*' => regex.push_str("[a-z0-9-]+"),
            c if "\\.+?()|[]{}^$".contains(c) => {
                regex.push('\\');
                regex.push(c);
            }
            c => regex.push(c),
        }
    }
    regex.push('$');
    regex
}

fn check_regex(out: &mut Findings, regex: &Spanned<String>, credentials: bool, unsafe_any: bool) {
    let pattern = regex.value.as_str();
    let anchored = match regex::Regex::new(&format!("^(?:{pattern})$")) {
        Ok(anchored) => anchored,
        Err(error) => {
            let reason = error.to_string();
            let reason = reason
                .lines()
                .last()
                .unwrap_or("")
                .trim()
                .trim_start_matches("error: ");
            let help =
                if pattern.contains("(?=") || pattern.contains("(?!") || pattern.contains("(?<") {
                    "Rust's regex has no look-around; express the condition with character classes"
                        .to_string()
                } else {
                    "fix the regular expression (Rust `regex` syntax)".to_string()
                };
            out.report(
                REGEX_INVALID
                    .at(
                        regex.span,
                        format!("`allow_origin_regex` does not compile: {reason}"),
                    )
                    .with_help(help),
            );
            return;
        }
    };
    if let Some(hostile) = hostile_origins(pattern)
        .into_iter()
        .find(|o| anchored.is_match(o))
    {
        let what = if hostile == "null" {
            "the `null` origin".to_string()
        } else {
            format!("`{hostile}`")
        };
        let message = format!("`allow_origin_regex` lets {what} through");
        match (credentials, unsafe_any) {
            (true, true) => {}
            (true, false) => out.report(
                REGEX_TOO_BROAD
                    .at(regex.span, message)
                    .with_label("too broad"),
            ),
            (false, _) => out.report(
                REGEX_PERMISSIVE
                    .at(regex.span, message)
                    .with_label("too broad"),
            ),
        }
    } else if !pattern.starts_with('^') || !pattern.ends_with('$') {
        out.report(REGEX_UNANCHORED.at(
            regex.span,
            "`allow_origin_regex` is not anchored with `^` and `$`",
        ));
    }
}

/// Origins an attacker can obtain, derived from the domain the pattern names: the domain as a
/// subdomain of theirs, glued to theirs, with a dot replaced (unescaped `.`), plus `null` and an
/// unrelated site.
pub fn hostile_origins(pattern: &str) -> Vec<String> {
    let mut origins = vec![
        "null".to_string(),
        "https://evil.example".to_string(),
        "http://evil.example".to_string(),
    ];
    let domain_re =
        regex::Regex::new(r"(?:[a-z0-9-]+(?:\\?\.))+[a-z]{2,}").expect("constant regex compiles");
    let schemes: Vec<&str> = if pattern.contains("http://") {
        vec!["http"]
    } else if pattern.contains("https?://") {
        vec!["https", "http"]
    } else {
        vec!["https"]
    };
    for found in domain_re.find_iter(pattern) {
        let domain = found.as_str().replace("\\.", ".");
        for scheme in &schemes {
            origins.push(format!("{scheme}://{domain}.evil.net"));
            origins.push(format!("{scheme}://x.{domain}.evil.net"));
            origins.push(format!("{scheme}://evil{domain}"));
            origins.push(format!("{scheme}://evil-{domain}"));
            // `.*` spans characters no host has; non-browser clients send them.
            for separator in ['#', '/', '?', '@'] {
                origins.push(format!("{scheme}://evil.example{separator}.{domain}"));
            }
            for (i, _) in domain.match_indices('.') {
                let mut swapped = domain.clone();
                swapped.replace_range(i..=i, "x");
                origins.push(format!("{scheme}://{swapped}"));
                origins.push(format!("{scheme}://x.{swapped}"));
            }
        }
    }
    origins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broad(pattern: &str) -> Option<String> {
        let re = regex::Regex::new(&format!("^(?:{pattern})$")).unwrap();
        hostile_origins(pattern)
            .into_iter()
            .find(|o| re.is_match(o))
    }

    #[test]
    fn safe_regexes_pass_the_probe() {
        assert_eq!(broad(r"^https://[a-z0-9-]+\.datatweets\.com$"), None);
        assert_eq!(broad(r"https://([a-z0-9-]+\.)?example\.org"), None);
    }

    #[test]
    fn look_alike_origins_are_caught() {
        assert_eq!(
            broad(r"https://.*\.datatweets\.com").as_deref(),
            Some("https://evil.example#.datatweets.com")
        );
        assert_eq!(
            broad(r"^https://.*datatweets\.com.*$").as_deref(),
            Some("https://datatweets.com.evil.net")
        );
        assert_eq!(
            broad(r"^https://.*datatweets\.com$").as_deref(),
            Some("https://evildatatweets.com")
        );
        assert_eq!(
            broad(r"^https://api.example.com$").as_deref(),
            Some("https://apixexample.com")
        );
        assert_eq!(broad(r".*").as_deref(), Some("null"));
        assert!(broad(r"https://[a-z.]+datatweets\.com").is_some());
    }

    #[test]
    fn origin_syntax() {
        assert!(check_origin("https://datatweets.com").is_ok());
        assert!(check_origin("http://localhost:3000").is_ok());
        assert!(check_origin("http://[::1]:8080").is_ok());
        assert!(
            check_origin("https://datatweets.com/")
                .unwrap_err()
                .help
                .contains("`https://datatweets.com`")
        );
        assert!(
            check_origin("datatweets.com")
                .unwrap_err()
                .help
                .contains("https://datatweets.com")
        );
        assert!(
            check_origin("https://App.Example.com")
                .unwrap_err()
                .message
                .contains("lower-case")
        );
        assert!(
            check_origin("https://example.com:443")
                .unwrap_err()
                .message
                .contains("default port")
        );
        assert!(
            check_origin("https://example.com/app")
                .unwrap_err()
                .message
                .contains("path")
        );
        assert!(check_origin("https://user@example.com").is_err());
    }

    #[test]
    fn globs_become_anchored_label_regexes() {
        assert_eq!(
            glob_to_regex("https://*.example.com"),
            r"^https://[a-z0-9-]+\.example\.com$"
        );
        assert!(pattern_problem("https://*.example.com").is_some());
        assert!(pattern_problem("https://example.com").is_none());
    }
}
