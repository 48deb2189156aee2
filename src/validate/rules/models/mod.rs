//! Data models and typed bodies: types that parse and name existing models, field names that
//! map to Rust, models that something uses. Constraints are checked in `constraints.rs`,
//! examples and defaults against their types in `values.rs`.

mod constraints;
mod enums;
mod unions;
mod values;

use constraints::constraints;
use values::check_example;

use crate::diagnostic::{Rule, Severity};
use crate::grammar::types::{self, FieldType, Scalar, TypeExpr};
use crate::grammar::{is_type_name, rust_field_name};
use crate::model::ParamType;
use crate::spec::{Endpoint, ModelSpec, Spanned};
use crate::validate::{Cx, Findings};
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
    summary: "a model name that cannot be a Rust type (`PascalCase` ASCII letters and digits), or one the generated code already uses (`Option`, FastAPI's `ValidationError`)",
    help: "",
};
/// The standard types generated code names without a path (`Option<Task>`, `Vec<Task>`): a
/// model cannot take their names. Every other name is free (the runtime is reached as `v::`).
const PRELUDE_TYPES: [&str; 9] = [
    "Box", "Err", "None", "Ok", "Option", "Result", "Some", "String", "Vec",
];

/// The schemas every typed project's `/openapi.json` declares for FastAPI's 422 answer.
pub const OPENAPI_SCHEMAS: [&str; 2] = ["HTTPValidationError", "ValidationError"];

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
    summary: "`body` (an untyped example) beside `model` or `example`, or an `example` without a `model`; an untyped request `body` beside a list query parameter",
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
    unions::UNION_INVALID,
    enums::ENUM_RENAMED,
];

/// At most this many wrong values are reported per example.
const MAX_MISMATCHES: usize = 5;

pub fn check(cx: &Cx, out: &mut Findings) {
    let models = &cx.spec.models;
    let names: Vec<&str> = models.iter().map(|(n, _)| n.value.as_str()).collect();
    // Each model's own rules, then each endpoint's bodies, on every core (a large API has a
    // thousand of each); the findings come back in the order one pass would report them.
    let order: Vec<usize> = (0..models.entries.len()).collect();
    let checked = crate::cores::map_in_order(&order, |n| {
        let (name, model) = &models.entries[n];
        let mut found = Findings::default();
        let fields = model_rules(cx, &mut found, name, model, &names);
        (found, fields)
    });
    let mut parsed: BTreeMap<String, Vec<(String, Option<FieldType>)>> = BTreeMap::new();
    for ((name, _), (found, fields)) in models.iter().zip(checked) {
        out.0.extend(found.0);
        parsed.insert(name.value.clone(), fields);
    }
    let order: Vec<usize> = (0..cx.walk.endpoints.len()).collect();
    let bodies = crate::cores::map_in_order(&order, |n| {
        let mut found = Findings::default();
        let types = body_rules(cx, &mut found, cx.walk.endpoints[n].endpoint, &names);
        (found, types)
    });
    let mut used: BTreeSet<String> = BTreeSet::new();
    for (found, types) in bodies {
        out.0.extend(found.0);
        for ty in &types {
            mark_used(ty, &parsed, &mut used);
        }
    }
    // Defaults and field examples, once every type is known to parse.
    for (_, model) in models.iter() {
        for (field, spec) in model.fields.iter() {
            let Some(details) = spec.value.details() else {
                continue;
            };
            let Ok(ty) = types::parse(&details.ty.value) else {
                continue;
            };
            if !known_models(&ty, &names) {
                continue;
            }
            for (value, what) in [
                (&details.default, "the default"),
                (&details.example, "the example"),
            ] {
                if let Some(value) = value {
                    check_example(
                        out,
                        &value.value,
                        &ty,
                        Some(details),
                        models,
                        value.span,
                        &format!("{what} of `{}`", field.value),
                    );
                }
            }
        }
    }
    for (name, _) in models.iter() {
        if !used.contains(&name.value) {
            out.report(MODEL_UNUSED.at(name.span, format!("model `{}` is not used", name.value)));
        }
    }
    enums::check(cx, out);
}

/// One model's own rules: its name, a union's members, its fields' names, types and
/// constraints. Answers each field's (or member's) type, `None` where it is unusable.
fn model_rules(
    cx: &Cx,
    out: &mut Findings,
    name: &Spanned<String>,
    model: &ModelSpec,
    names: &[&str],
) -> Vec<(String, Option<FieldType>)> {
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
    } else if OPENAPI_SCHEMAS.contains(&name.value.as_str()) {
        out.report(
            MODEL_NAME_INVALID
                .at(
                    name.span,
                    format!(
                        "`{}` is the schema of FastAPI's 422 in `/openapi.json`",
                        name.value
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
    if let Some(one_of) = &model.one_of {
        let members = unions::check(cx, out, name, model, one_of, names);
        let members = one_of
            .value
            .iter()
            .map(|m| m.value.clone())
            .zip(members)
            .collect();
        return members;
    }
    if let Some(discriminator) = &model.discriminator {
        out.report(
            unions::UNION_INVALID
                .at(
                    discriminator.span,
                    format!("`{}` has a `discriminator` but no `one_of`", name.value),
                )
                .with_help("a discriminator tells the members of a `one_of` apart"),
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
        let ty = field_type(cx, out, &spec.type_spanned(), names);
        if let (Some(ty), Some(details)) = (&ty, spec.value.details()) {
            constraints(out, ty, details);
            if let Some(omit) = &details.omit_none
                && omit.value
                && !ty.optional
            {
                out.report(
                    CONSTRAINT_MISPLACED
                        .at(omit.span, format!("`omit_none` does not apply to a `{ty}`"))
                        .with_help("`omit_none` applies to optional fields (`T?`)"),
                );
            }
        }
        fields.push((field.value.clone(), ty));
    }
    fields
}

/// A parameter's type as a field's type (`string` for its `str` and `String` spellings; a
/// query list `[u32]`, `?` kept), for its constraints and default; `None` when it is no
/// parameter type (`param-type-unknown` says so).
fn param_field_type(text: &str) -> Option<FieldType> {
    let (ty, list) = ParamType::parse_query(text.trim_end_matches('?'))?;
    types::parse(&ty.written(list, text.ends_with('?'))).ok()
}

/// One endpoint's parameters' constraints and bodies' models and examples. Answers the types
/// of its bodies, whose models are therefore used.
fn body_rules(cx: &Cx, out: &mut Findings, spec: &Endpoint, names: &[&str]) -> Vec<FieldType> {
    let models = &cx.spec.models;
    let mut used = Vec::new();
    let in_path = spec.params.iter().map(|(name, param)| (name, param, true));
    let in_query = spec.query.iter().map(|(name, param)| (name, param, false));
    for (name, param, is_path) in in_path.chain(in_query) {
        if let Some(details) = param.value.details()
            && let Some(ty) = param_field_type(&details.ty.value)
        {
            constraints(out, &ty, details);
            // A list that must be given (no `?`, no default) but may hold no item.
            if let (TypeExpr::List(_), false, None, Some(max)) =
                (&ty.ty, ty.optional, &details.default, &details.max_items)
                && max.value == 0
            {
                out.report(
                    CONSTRAINT_INVALID
                        .at(
                            max.span,
                            "a required list of at most 0 items takes no request",
                        )
                        .with_help("allow an item (`max_items: 1`), or make the list optional"),
                );
            }
            if let Some(omit) = &details.omit_none {
                out.report(
                    CONSTRAINT_MISPLACED
                        .at(omit.span, "`omit_none` does not apply to a parameter")
                        .with_help("`omit_none` applies to optional fields of a model"),
                );
            }
            match (&details.default, is_path) {
                (Some(default), true) => out.report(
                    CONSTRAINT_MISPLACED
                        .at(default.span, "`default` does not apply to a path parameter")
                        .with_help(
                            "a path parameter is always given; query parameters take a `default`",
                        ),
                ),
                (Some(default), false) => check_example(
                    out,
                    &default.value,
                    &ty,
                    Some(details),
                    models,
                    default.span,
                    &format!("the default of `{}`", name.value),
                ),
                (None, _) => {}
            }
        }
    }
    // An untyped request body is read by axum's extractors, whose query strings have no
    // repeated names.
    if let Some(body) = spec.request.as_ref().and_then(|r| r.body.as_ref())
        && let Some((name, _)) = spec.query.iter().find(|(_, ty)| {
            ParamType::parse_query(ty.value.type_text().trim_end_matches('?'))
                .is_some_and(|(_, list)| list)
        })
    {
        out.report(
            BODY_CONFLICT
                .at(body.span, format!("an untyped request `body` beside the list query parameter `{}`", name.value))
                .with_related(name.span, "the list")
                .with_help("give the request a `model` (its requests are then validated, lists included), or make the parameter one value"),
        );
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
        let Some(ty) = field_type(cx, out, model, names) else {
            continue;
        };
        if is_request && !matches!(ty.ty, TypeExpr::Model(_)) {
            out.report(
                TYPE_INVALID
                    .at(
                        model.span,
                        format!("a request body of type `{ty}` is not supported yet"),
                    )
                    .with_help("make the request body a model (a JSON object): `model: NewTask`"),
            );
        }
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
        used.push(ty);
    }
    used
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
