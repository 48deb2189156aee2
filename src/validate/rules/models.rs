//! Data models and typed bodies: types that parse and name existing models, field names that
//! map to Rust, constraints that fit their type and each other, examples and defaults that
//! match their types, models that something uses.

use crate::diagnostic::{Rule, Severity};
use crate::grammar::types::{self, FieldType, Scalar, TypeExpr};
use crate::grammar::{is_type_name, rust_field_name};
use crate::source::Span;
use crate::spec::{FieldDetails, ModelSpec, Spanned, SpannedMap};
use crate::validate::{Cx, Findings};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub const TYPE_INVALID: Rule = Rule {
    code: "type-invalid",
    severity: Severity::Error,
    summary: "a field or body type that does not parse (`[string`, `{u32: string}`)",
    help: "write a scalar (`string`, `u32`, `date-time`…), `[T]`, `{string: T}` or a model name, with `?` for optional",
};
pub const MODEL_UNKNOWN: Rule = Rule {
    code: "model-unknown",
    severity: Severity::Error,
    summary: "a type names a model that `models` does not define",
    help: "",
};
pub const MODEL_NAME_INVALID: Rule = Rule {
    code: "model-name-invalid",
    severity: Severity::Error,
    summary: "a model name that cannot be a Rust type (`PascalCase` ASCII letters and digits)",
    help: "",
};
/// The standard types generated code names without a path (`Option<Task>`, `Vec<Task>`): a
/// model cannot take their names. Every other name is free (the runtime is reached as `v::`).
const PRELUDE_TYPES: [&str; 9] = [
    "Box", "Err", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

pub const FIELD_NAME_INVALID: Rule = Rule {
    code: "field-name-invalid",
    severity: Severity::Error,
    summary: "a field name with no letter or digit, or two field names that map to the same Rust name (`createdAt` and `created_at`)",
    help: "",
};
pub const CONSTRAINT_MISPLACED: Rule = Rule {
    code: "constraint-misplaced",
    severity: Severity::Error,
    summary: "a constraint that does not apply to its type (`min_length` on a number, `ge` on a string)",
    help: "",
};
pub const CONSTRAINT_INVALID: Rule = Rule {
    code: "constraint-invalid",
    severity: Severity::Error,
    summary: "contradictory or impossible constraints: `ge` above `le`, `min_length` above `max_length`, an empty `enum`, a default outside it, a `pattern` that does not compile",
    help: "",
};
pub const EXAMPLE_MISMATCH: Rule = Rule {
    code: "example-mismatch",
    severity: Severity::Error,
    summary: "an example or default that does not match its type (the path of the first wrong value is given: `tags[1]: expected a string`)",
    help: "",
};
pub const MODEL_UNUSED: Rule = Rule {
    code: "model-unused",
    severity: Severity::Warning,
    summary: "a model no endpoint uses, directly or through another model",
    help: "use it as a `model:` of a request or response, or remove it",
};
pub const BODY_CONFLICT: Rule = Rule {
    code: "body-conflict",
    severity: Severity::Error,
    summary: "`body` (an untyped example) beside `model` or `example`, or an `example` without a `model`",
    help: "with a model, write the example under `example`; without one, under `body`",
};

pub const RULES: &[Rule] = &[
    TYPE_INVALID,
    MODEL_UNKNOWN,
    MODEL_NAME_INVALID,
    FIELD_NAME_INVALID,
    CONSTRAINT_MISPLACED,
    CONSTRAINT_INVALID,
    EXAMPLE_MISMATCH,
    MODEL_UNUSED,
    BODY_CONFLICT,
];

/// At most this many wrong values are reported per example.
const MAX_MISMATCHES: usize = 5;

pub fn check(cx: &Cx, out: &mut Findings) {
    let models = &cx.spec.models;
    let names: Vec<&str> = models.iter().map(|(n, _)| n.value.as_str()).collect();
    let mut parsed: BTreeMap<String, Vec<(String, Option<FieldType>)>> = BTreeMap::new();
    for (name, model) in models.iter() {
        if PRELUDE_TYPES.contains(&name.value.as_str()) {
            out.report(
                MODEL_NAME_INVALID
                    .at(
                        name.span,
                        format!(
                            "`{}` would hide Rust's own `{}` in the generated code",
                            name.value, name.value
                        ),
                    )
                    .with_help(format!("rename the model, e.g. `{}Model`", name.value)),
            );
        } else if !is_type_name(&name.value) {
            out.report(
                MODEL_NAME_INVALID
                    .at(
                        name.span,
                        format!("`{}` cannot be a Rust type name", name.value),
                    )
                    .with_help(format!(
                        "use PascalCase letters and digits: `{}`",
                        heck::ToUpperCamelCase::to_upper_camel_case(name.value.as_str())
                    )),
            );
        }
        let mut rust_names: BTreeMap<String, &Spanned<String>> = BTreeMap::new();
        let mut fields = Vec::new();
        for (field, spec) in model.fields.iter() {
            match rust_field_name(&field.value) {
                None => out.report(
                    FIELD_NAME_INVALID
                        .at(
                            field.span,
                            format!(
                                "`{}` has no letter or digit to name a Rust field",
                                field.value
                            ),
                        )
                        .with_help("name the field with ASCII letters or digits"),
                ),
                Some(rust) => {
                    if let Some(first) = rust_names.get(&rust) {
                        out.report(
                            FIELD_NAME_INVALID
                                .at(
                                    field.span,
                                    format!(
                                        "`{}` and `{}` are both the Rust field `{rust}`",
                                        first.value, field.value
                                    ),
                                )
                                .with_related(first.span, "the first one")
                                .with_help("rename one of them"),
                        );
                    } else {
                        rust_names.insert(rust, field);
                    }
                }
            }
            let ty = field_type(cx, out, &spec.type_spanned(), &names);
            if let (Some(ty), Some(details)) = (&ty, spec.value.details()) {
                constraints(out, ty, details);
            }
            fields.push((field.value.clone(), ty));
        }
        parsed.insert(name.value.clone(), fields);
    }
    let mut used: BTreeSet<String> = BTreeSet::new();
    for endpoint in &cx.walk.endpoints {
        let spec = endpoint.endpoint;
        for (_, param) in spec.params.iter().chain(spec.query.iter()) {
            if let Some(details) = param.value.details()
                && let Ok(ty) = types::parse(&details.ty.value)
            {
                constraints(out, &ty, details);
            }
        }
        let bodies = [
            spec.request
                .as_ref()
                .map(|r| (&r.body, &r.model, &r.example, true)),
            spec.response
                .as_ref()
                .map(|r| (&r.body, &r.model, &r.example, false)),
        ];
        for (body, model, example, is_request) in bodies.into_iter().flatten() {
            if let Some(body) = body
                && (model.is_some() || example.is_some())
            {
                out.report(BODY_CONFLICT.at(body.span, "`body` beside `model` or `example`"));
            }
            if model.is_none()
                && let Some(example) = example
            {
                out.report(BODY_CONFLICT.at(example.span, "`example` without a `model`"));
            }
            let Some(model) = model else {
                continue;
            };
            let Some(ty) = field_type(cx, out, model, &names) else {
                continue;
            };
            if is_request && !matches!(ty.ty, TypeExpr::Model(_)) {
                out.report(
                    TYPE_INVALID
                        .at(
                            model.span,
                            format!("a request body of type `{ty}` is not supported yet"),
                        )
                        .with_help(
                            "make the request body a model (a JSON object): `model: NewTask`",
                        ),
                );
            }
            mark_used(&ty, &parsed, &mut used);
            if let Some(example) = example {
                check_example(
                    out,
                    &example.value,
                    &ty,
                    None,
                    models,
                    example.span,
                    "the example",
                );
            }
        }
    }
    // Defaults, once every type is known to parse.
    for (_, model) in models.iter() {
        for (field, spec) in model.fields.iter() {
            if let Some(details) = spec.value.details()
                && let Some(default) = &details.default
                && let Ok(ty) = types::parse(&details.ty.value)
                && known_models(&ty, &names)
            {
                let what = format!("the default of `{}`", field.value);
                check_example(
                    out,
                    &default.value,
                    &ty,
                    Some(details),
                    models,
                    default.span,
                    &what,
                );
            }
        }
    }
    for (name, _) in models.iter() {
        if !used.contains(&name.value) {
            out.report(MODEL_UNUSED.at(name.span, format!("model `{}` is not used", name.value)));
        }
    }
}

/// Parses a type, reporting a syntax error or an unknown model; `None` when it is unusable.
fn field_type(
    cx: &Cx,
    out: &mut Findings,
    ty: &Spanned<String>,
    names: &[&str],
) -> Option<FieldType> {
    let parsed = match types::parse(&ty.value) {
        Ok(parsed) => parsed,
        Err(error) => {
            let span = ty.span.narrow(
                cx.source,
                &ty.value,
                error.offset,
                1.min(ty.value.len() - error.offset.min(ty.value.len())),
            );
            out.report(TYPE_INVALID.at(
                span,
                format!("`{}` is not a type: {}", ty.value, error.message),
            ));
            return None;
        }
    };
    let mut unknown = Vec::new();
    model_names(&parsed, &mut unknown);
    let mut ok = true;
    for name in unknown.into_iter().filter(|n| !names.contains(&n.as_str())) {
        ok = false;
        let offset = ty.value.find(name.as_str()).unwrap_or(0);
        let span = ty.span.narrow(cx.source, &ty.value, offset, name.len());
        let scalars: Vec<&str> = Scalar::ALL.iter().map(|(n, _)| *n).collect();
        let help = match crate::spec::did_you_mean(&name, names)
            .or_else(|| crate::spec::did_you_mean(&name, &scalars))
        {
            Some(best) => format!("did you mean `{best}`?"),
            None if names.is_empty() => "define it under `models:`".to_string(),
            None => format!("define it under `models:` (known: {})", names.join(", ")),
        };
        out.report(
            MODEL_UNKNOWN
                .at(span, format!("no model is named `{name}`"))
                .with_help(help),
        );
    }
    ok.then_some(parsed)
}

/// Every model name a type mentions.
fn model_names(ty: &FieldType, into: &mut Vec<String>) {
    match &ty.ty {
        TypeExpr::Model(name) => into.push(name.clone()),
        TypeExpr::List(item) | TypeExpr::Map(item) => model_names(item, into),
        TypeExpr::Scalar(_) => {}
    }
}

fn known_models(ty: &FieldType, names: &[&str]) -> bool {
    let mut mentioned = Vec::new();
    model_names(ty, &mut mentioned);
    mentioned.iter().all(|n| names.contains(&n.as_str()))
}

fn mark_used(
    ty: &FieldType,
    parsed: &BTreeMap<String, Vec<(String, Option<FieldType>)>>,
    used: &mut BTreeSet<String>,
) {
    let mut mentioned = Vec::new();
    model_names(ty, &mut mentioned);
    for name in mentioned {
        if used.insert(name.clone())
            && let Some(fields) = parsed.get(&name)
        {
            for field in fields.iter().filter_map(|(_, t)| t.as_ref()) {
                mark_used(field, parsed, used);
            }
        }
    }
}

/// What a constraint applies to.
fn constraints(out: &mut Findings, ty: &FieldType, details: &FieldDetails) {
    let scalar = match ty.ty {
        TypeExpr::Scalar(scalar) => Some(scalar),
        _ => None,
    };
    let is_string = scalar == Some(Scalar::String);
    let is_number = scalar.is_some_and(Scalar::is_number);
    let is_list = matches!(ty.ty, TypeExpr::List(_));
    let misplaced = |out: &mut Findings, span: Span, name: &str, applies: &str| {
        out.report(
            CONSTRAINT_MISPLACED
                .at(span, format!("`{name}` does not apply to a `{ty}`"))
                .with_help(format!("`{name}` applies to {applies}")),
        );
    };
    for (name, span) in [
        ("min_length", details.min_length.as_ref().map(|c| c.span)),
        ("max_length", details.max_length.as_ref().map(|c| c.span)),
        ("pattern", details.pattern.as_ref().map(|c| c.span)),
        ("enum", details.allowed.as_ref().map(|c| c.span)),
    ] {
        if let Some(span) = span
            && !is_string
        {
            misplaced(out, span, name, "`string` fields");
        }
    }
    for (name, bound) in [
        ("ge", &details.ge),
        ("gt", &details.gt),
        ("le", &details.le),
        ("lt", &details.lt),
    ] {
        if let Some(bound) = bound
            && !is_number
        {
            misplaced(out, bound.span, name, "numbers (`u8`…`i64`, `f64`)");
        }
    }
    for (name, span) in [
        ("min_items", details.min_items.as_ref().map(|c| c.span)),
        ("max_items", details.max_items.as_ref().map(|c| c.span)),
    ] {
        if let Some(span) = span
            && !is_list
        {
            misplaced(out, span, name, "lists (`[T]`)");
        }
    }
    let invalid = |out: &mut Findings, span: Span, message: String| {
        out.report(CONSTRAINT_INVALID.at(span, message));
    };
    if let (Some(min), Some(max)) = (&details.min_length, &details.max_length)
        && min.value > max.value
    {
        invalid(
            out,
            min.span,
            format!(
                "`min_length` {} is above `max_length` {}",
                min.value, max.value
            ),
        );
    }
    if let (Some(min), Some(max)) = (&details.min_items, &details.max_items)
        && min.value > max.value
    {
        invalid(
            out,
            min.span,
            format!(
                "`min_items` {} is above `max_items` {}",
                min.value, max.value
            ),
        );
    }
    let lower = [("ge", &details.ge, false), ("gt", &details.gt, true)];
    let upper = [("le", &details.le, false), ("lt", &details.lt, true)];
    for (low_name, low, low_strict) in lower {
        for (high_name, high, high_strict) in upper {
            if let (Some(low), Some(high)) = (low, high) {
                let (l, h) = (
                    low.value.as_f64().unwrap_or(0.0),
                    high.value.as_f64().unwrap_or(0.0),
                );
                if l > h || (l == h && (low_strict || high_strict)) {
                    invalid(
                        out,
                        low.span,
                        format!(
                            "no number is `{low_name}` {} and `{high_name}` {}",
                            low.value, high.value
                        ),
                    );
                }
            }
        }
    }
    if let Some(pattern) = &details.pattern
        && let Err(error) = regex::Regex::new(&pattern.value)
    {
        let reason = error.to_string();
        let last = reason.lines().last().unwrap_or("").trim().to_string();
        invalid(
            out,
            pattern.span,
            format!("`pattern` does not compile: {last}"),
        );
    }
    if let Some(allowed) = &details.allowed {
        if allowed.value.is_empty() {
            invalid(
                out,
                allowed.span,
                "`enum` lists no value: nothing would be accepted".into(),
            );
        }
        if let Some(default) = &details.default
            && let Value::String(text) = &default.value
            && !allowed.value.is_empty()
            && !allowed.value.iter().any(|a| a.value == *text)
        {
            invalid(
                out,
                default.span,
                format!("the default `{text}` is not in `enum`"),
            );
        }
    }
}

/// Reports the first wrong values of an example (or default) for its type.
fn check_example(
    out: &mut Findings,
    value: &Value,
    ty: &FieldType,
    details: Option<&FieldDetails>,
    models: &SpannedMap<ModelSpec>,
    span: Span,
    what: &str,
) {
    let mut problems = Vec::new();
    check_value(value, ty, details, models, String::new(), &mut problems, 0);
    for (path, problem) in problems.iter().take(MAX_MISMATCHES) {
        let at = if path.is_empty() {
            String::new()
        } else {
            format!("`{path}`: ")
        };
        out.report(
            EXAMPLE_MISMATCH
                .at(span, format!("{what} does not match `{ty}`: {at}{problem}"))
                .with_help("fix the value, or the type"),
        );
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => format!("{s:?}"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Nesting deeper than this is not followed (recursive models).
const MAX_DEPTH: usize = 64;

/// Checks `value` against `ty` (strictly: an example is written as the server sends it).
fn check_value(
    value: &Value,
    ty: &FieldType,
    details: Option<&FieldDetails>,
    models: &SpannedMap<ModelSpec>,
    path: String,
    problems: &mut Vec<(String, String)>,
    depth: usize,
) {
    if depth > MAX_DEPTH || problems.len() >= MAX_MISMATCHES {
        return;
    }
    if value.is_null() {
        if !ty.optional {
            problems.push((
                path,
                format!(
                    "null where a `{}` is required (make the type optional with `?`)",
                    FieldType {
                        optional: false,
                        ..ty.clone()
                    }
                ),
            ));
        }
        return;
    }
    let mut wrong = |expected: &str| {
        problems.push((
            path.clone(),
            format!("expected {expected}, found {}", describe(value)),
        ))
    };
    match &ty.ty {
        TypeExpr::Scalar(scalar) => match (scalar, value) {
            (Scalar::Bool, Value::Bool(_)) => {}
            (Scalar::Bool, _) => wrong("a boolean"),
            (Scalar::F64, Value::Number(n)) => {
                number_bounds(n.as_f64().unwrap_or(0.0), details, &path, problems)
            }
            (Scalar::F64, _) => wrong("a number"),
            (s, Value::Number(n)) if s.integer_range().is_some() => {
                let (min, max) = s.integer_range().unwrap_or((0, 0));
                match n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)) {
                    Some(i) if (min..=max).contains(&i) => {
                        number_bounds(i as f64, details, &path, problems)
                    }
                    Some(i) => problems.push((
                        path.clone(),
                        format!("{i} is outside `{}` ({min} to {max})", s.name()),
                    )),
                    None => wrong(&format!("an integer (`{}`)", s.name())),
                }
            }
            (s, _) if s.integer_range().is_some() => wrong(&format!("an integer (`{}`)", s.name())),
            (s, Value::String(text)) => {
                if let Some(problem) = string_problem(*s, text, details) {
                    problems.push((path.clone(), problem));
                }
            }
            (s, _) => wrong(&format!("a string (`{}`)", s.name())),
        },
        TypeExpr::List(item) => match value {
            Value::Array(items) => {
                if let Some(d) = details {
                    if let Some(min) = &d.min_items
                        && (items.len() as u64) < min.value
                    {
                        problems.push((
                            path.clone(),
                            format!(
                                "{} items, fewer than `min_items` {}",
                                items.len(),
                                min.value
                            ),
                        ));
                    }
                    if let Some(max) = &d.max_items
                        && items.len() as u64 > max.value
                    {
                        problems.push((
                            path.clone(),
                            format!("{} items, more than `max_items` {}", items.len(), max.value),
                        ));
                    }
                }
                for (i, element) in items.iter().enumerate() {
                    check_value(
                        element,
                        item,
                        None,
                        models,
                        format!("{path}[{i}]"),
                        problems,
                        depth + 1,
                    );
                }
            }
            _ => wrong("a list"),
        },
        TypeExpr::Map(inner) => match value {
            Value::Object(entries) => {
                for (key, element) in entries {
                    let key_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    check_value(element, inner, None, models, key_path, problems, depth + 1);
                }
            }
            _ => wrong("an object"),
        },
        TypeExpr::Model(name) => {
            // An unknown model is reported where it is named.
            let Some(model) = models.get(name) else {
                return;
            };
            let Value::Object(entries) = value else {
                wrong(&format!("an object (`{name}`)"));
                return;
            };
            for (field, spec) in model.fields.iter() {
                let field_path = if path.is_empty() {
                    field.value.clone()
                } else {
                    format!("{path}.{}", field.value)
                };
                let Ok(field_ty) = types::parse(spec.value.type_text()) else {
                    continue;
                };
                let details = spec.value.details();
                match entries.get(&field.value) {
                    Some(v) => check_value(
                        v,
                        &field_ty,
                        details,
                        models,
                        field_path,
                        problems,
                        depth + 1,
                    ),
                    None if field_ty.optional || details.is_some_and(|d| d.default.is_some()) => {}
                    None => problems.push((field_path, "missing: the field is required".into())),
                }
            }
            for key in entries.keys() {
                if model.fields.get(key).is_none() {
                    let key_path = if path.is_empty() {
                        key.clone()
                    } else {
                        format!("{path}.{key}")
                    };
                    problems.push((key_path, format!("not a field of `{name}`")));
                }
            }
        }
    }
}

fn number_bounds(
    n: f64,
    details: Option<&FieldDetails>,
    path: &str,
    problems: &mut Vec<(String, String)>,
) {
    let Some(d) = details else {
        return;
    };
    for (name, bound, ok) in [
        (
            "ge",
            &d.ge,
            (|n: f64, b: f64| n >= b) as fn(f64, f64) -> bool,
        ),
        ("gt", &d.gt, |n, b| n > b),
        ("le", &d.le, |n, b| n <= b),
        ("lt", &d.lt, |n, b| n < b),
    ] {
        if let Some(bound) = bound
            && !ok(n, bound.value.as_f64().unwrap_or(0.0))
        {
            problems.push((
                path.to_string(),
                format!("{n} is not `{name}` {}", bound.value),
            ));
        }
    }
}

/// What is wrong with a string for a string-like scalar and its constraints.
fn string_problem(scalar: Scalar, text: &str, details: Option<&FieldDetails>) -> Option<String> {
    let format_ok = match scalar {
        Scalar::DateTime => is_date_time(text),
        Scalar::Date => is_date(text),
        Scalar::Uuid => is_uuid(text),
        Scalar::Email => is_email(text),
        _ => true,
    };
    if !format_ok {
        return Some(format!("{text:?} is not a valid `{}`", scalar.name()));
    }
    let d = details?;
    let length = text.chars().count() as u64;
    if let Some(min) = &d.min_length
        && length < min.value
    {
        return Some(format!(
            "{length} characters, fewer than `min_length` {}",
            min.value
        ));
    }
    if let Some(max) = &d.max_length
        && length > max.value
    {
        return Some(format!(
            "{length} characters, more than `max_length` {}",
            max.value
        ));
    }
    if let Some(pattern) = &d.pattern
        && let Ok(regex) = regex::Regex::new(&pattern.value)
        && !regex.is_match(text)
    {
        return Some(format!("{text:?} does not match `pattern`"));
    }
    if let Some(allowed) = &d.allowed
        && !allowed.value.is_empty()
        && !allowed.value.iter().any(|a| a.value == text)
    {
        let list: Vec<&str> = allowed.value.iter().map(|a| a.value.as_str()).collect();
        return Some(format!("{text:?} is not one of {}", list.join(", ")));
    }
    None
}

fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return false;
    }
    let number =
        |range: std::ops::Range<usize>| text.get(range).and_then(|s| s.parse::<u32>().ok());
    matches!((number(0..4), number(5..7), number(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

fn is_date_time(text: &str) -> bool {
    let Some((date, time)) = text.split_once(['T', 't', ' ']) else {
        return is_date(text);
    };
    let time = time.trim_end_matches(['Z', 'z']);
    let time = match time.rfind(['+', '-']) {
        Some(at) if at >= 5 => &time[..at],
        _ => time,
    };
    let parts: Vec<&str> = time.split(':').collect();
    is_date(date)
        && (2..=3).contains(&parts.len())
        && parts.iter().all(|p| {
            let whole = p.split('.').next().unwrap_or("");
            whole.len() == 2 && whole.bytes().all(|b| b.is_ascii_digit())
        })
}

fn is_uuid(text: &str) -> bool {
    let hex: String = text.chars().filter(|c| *c != '-').collect();
    hex.len() == 32
        && hex.chars().all(|c| c.is_ascii_hexdigit())
        && (text.len() == 32
            || [8, 13, 18, 23]
                .iter()
                .all(|i| text.as_bytes().get(*i) == Some(&b'-')))
}

fn is_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.contains(' ')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(is_date("2026-11-28") && !is_date("2026-13-01") && !is_date("2026-1-1"));
        assert!(
            is_date_time("2026-11-28T10:00:00Z") && is_date_time("2026-11-28T10:00:00.5+02:00")
        );
        assert!(is_date_time("2026-11-28") && !is_date_time("not a date"));
        assert!(is_uuid("67e55044-10b1-426f-9247-bb680e5fe0c8") && !is_uuid("abc"));
        assert!(is_email("a@example.com") && !is_email("a@b") && !is_email("@example.com"));
    }
}
