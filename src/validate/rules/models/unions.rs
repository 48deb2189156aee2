//! Unions (`one_of`): what each member may be, and how the server tells them apart. Without a
//! discriminator, the kind of JSON value decides (at most one member per kind, but any number of
//! models, told apart by the fields an object sets, as Pydantic's smart mode does); with one,
//! every member is a model whose discriminator field is a required `string` with a one-value
//! `enum`.

use super::field_type;
use crate::diagnostic::{Rule, Severity};
use crate::grammar::types::{FieldType, TypeExpr};
use crate::model::JsonKind;
use crate::spec::{ModelSpec, Spanned};
use crate::validate::{Cx, Findings};

pub const UNION_INVALID: Rule = Rule {
    code: "union-invalid",
    severity: Severity::Error,
    summary: "a `one_of` whose members the server could not tell apart (two of one JSON kind, other than models, without a `discriminator`; a format or an optional type), or a `discriminator` its members do not carry",
    help: "",
};

/// Checks the union `model` (it has `one_of`); returns its members' types, `None` for those that
/// do not parse or name an unknown model (reported by [`field_type`]).
pub(super) fn check(
    cx: &Cx,
    out: &mut Findings,
    name: &Spanned<String>,
    model: &ModelSpec,
    one_of: &Spanned<Vec<Spanned<String>>>,
    names: &[&str],
) -> Vec<Option<FieldType>> {
    let report = |out: &mut Findings, span, message: String, help: &str| {
        out.report(UNION_INVALID.at(span, message).with_help(help.to_string()));
    };
    if !model.fields.is_empty() {
        report(
            out,
            one_of.span,
            format!("`{}` has both `fields` and `one_of`", name.value),
            "a model is an object with fields, or one of several types: make the union a model of its own and use it as a field's type",
        );
    }
    if model.strict {
        report(
            out,
            one_of.span,
            format!("`strict` does not apply to the union `{}`", name.value),
            "set `strict` on the member models instead",
        );
    }
    if one_of.value.len() < 2 {
        report(
            out,
            one_of.span,
            format!("`{}` has fewer than two types in `one_of`", name.value),
            "give two or more types, or use the type itself",
        );
    }
    let types: Vec<Option<FieldType>> = one_of
        .value
        .iter()
        .map(|member| field_type(cx, out, member, names))
        .collect();
    // Each member's kind, whether it is a model, and where it is written.
    let mut kinds: Vec<(JsonKind, bool, &Spanned<String>)> = Vec::new();
    for (member, ty) in one_of.value.iter().zip(&types) {
        let Some(ty) = ty else { continue };
        if let TypeExpr::Model(inner) = &ty.ty
            && cx
                .spec
                .models
                .get(inner)
                .is_some_and(|m| m.one_of.is_some())
        {
            report(
                out,
                member.span,
                format!("`{inner}` is a union itself"),
                "list its members in this `one_of` instead",
            );
            continue;
        }
        let Some(kind) = JsonKind::of(ty) else {
            report(
                out,
                member.span,
                format!("`{}` cannot be a member of a union", member.value),
                "a member is a model, `string`, an integer type, `f64`, `bool`, `[T]` or `{string: T}`, never optional (make the field that holds the union optional instead); formats and `json` look like other members on the wire",
            );
            continue;
        };
        // Several models are told apart as Pydantic does: by the fields an object sets.
        let is_model = matches!(ty.ty, TypeExpr::Model(_));
        if model.discriminator.is_none()
            && let Some((_, _, first)) = kinds
                .iter()
                .find(|(k, other_is_model, _)| k.overlaps(kind) && !(is_model && *other_is_model))
        {
            out.report(
                UNION_INVALID
                    .at(
                        member.span,
                        format!(
                            "`{}` and `{}` take the same kind of JSON value: the server could not tell which one a value is",
                            first.value, member.value
                        ),
                    )
                    .with_related(first.span, "the first one")
                    .with_help("keep one member per kind (string, integer or number, bool, list, object); several models are fine (the one whose fields an object sets wins), a map beside a model is not"),
            );
        }
        kinds.push((kind, is_model, member));
    }
    if let Some(discriminator) = &model.discriminator {
        check_discriminator(cx, out, discriminator, one_of, &types);
    }
    types
}

/// With a discriminator: every member a model whose discriminator field is a required
/// `string` with one `enum` value, each value its own.
fn check_discriminator(
    cx: &Cx,
    out: &mut Findings,
    discriminator: &Spanned<String>,
    one_of: &Spanned<Vec<Spanned<String>>>,
    types: &[Option<FieldType>],
) {
    let field = &discriminator.value;
    let mut tags: Vec<(String, &Spanned<String>)> = Vec::new();
    for (member, ty) in one_of.value.iter().zip(types) {
        let Some(ty) = ty else { continue };
        let TypeExpr::Model(name) = &ty.ty else {
            out.report(
                UNION_INVALID
                    .at(
                        member.span,
                        format!(
                            "`{}` is not a model, so it has no `{field}` field to tell it by",
                            member.value
                        ),
                    )
                    .with_help("with a `discriminator`, every member is a model"),
            );
            continue;
        };
        let Some(model) = cx.spec.models.get(name) else {
            continue;
        };
        let Some(tag) = model.fixed_value(field).map(str::to_string) else {
            out.report(
                UNION_INVALID
                    .at(
                        member.span,
                        format!("`{name}` has no field `{field}` that is a required `string` with a one-value `enum`"),
                    )
                    .with_related(discriminator.span, "the discriminator")
                    .with_help(format!(
                        "give `{name}` the field `{field}: {{ type: string, enum: [{}] }}`",
                        heck::ToSnakeCase::to_snake_case(name.as_str())
                    )),
            );
            continue;
        };
        if let Some((_, first)) = tags.iter().find(|(t, _)| *t == tag) {
            out.report(
                UNION_INVALID
                    .at(
                        member.span,
                        format!(
                            "`{}` and `{}` both have `{field}: {tag}`",
                            first.value, member.value
                        ),
                    )
                    .with_related(first.span, "the first one")
                    .with_help("give each member its own value of the discriminator"),
            );
        }
        tags.push((tag, member));
    }
}
