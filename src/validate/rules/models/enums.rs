//! The enums the generated code makes of string fields' `enum:` values: each is named
//! `{Model}{Field}` (`Task.status` → `TaskStatus`) unless a model or an earlier enum has that
//! name, then `{Model}{Field}Values` ([`crate::grammar::EnumNames`], which the model builder
//! uses too). Such a name is not the one a reader expects, so it is a warning.

use crate::diagnostic::{Rule, Severity};
use crate::grammar::types::{self, Scalar, TypeExpr};
use crate::grammar::{EnumNames, enum_type_name, rust_field_name};
use crate::validate::{Cx, Findings};

pub const ENUM_RENAMED: Rule = Rule {
    code: "enum-renamed",
    severity: Severity::Warning,
    summary: "the enum of a field's values cannot have its usual name `{Model}{Field}` (a model has it, or another field's enum: `Thing.a_1` and `Thing.a1` both make `ThingA1`), so it is `{Model}{Field}Values`",
    help: "rename the model or one of the fields to give the enum its usual name",
};

pub fn check(cx: &Cx, out: &mut Findings) {
    let models = &cx.spec.models;
    let mut names = EnumNames::new(models.iter().map(|(name, _)| name.value.as_str()));
    for (model, spec) in models.iter() {
        for (field, field_spec) in spec.fields.iter() {
            let Some(details) = field_spec.value.details() else {
                continue;
            };
            // The model builder's `Field::has_enum`, on the spec.
            let has_values = details
                .allowed
                .as_ref()
                .is_some_and(|v| !v.value.is_empty());
            let is_string = types::parse(&details.ty.value)
                .is_ok_and(|ty| ty.ty == TypeExpr::Scalar(Scalar::String));
            if !has_values || !is_string {
                continue;
            }
            let Some(rust_name) = rust_field_name(&field.value) else {
                continue;
            };
            let usual = enum_type_name(&model.value, &rust_name);
            let name = names.next(&model.value, &rust_name);
            if name != usual {
                let taken_by = if models.get(&usual).is_some() {
                    format!("the model `{usual}` has that name")
                } else {
                    "another field's enum has that name".to_string()
                };
                out.report(ENUM_RENAMED.at(
                    field.span,
                    format!(
                        "the enum of `{}.{}`'s values is `{name}`, not `{usual}`: {taken_by}",
                        model.value, field.value
                    ),
                ));
            }
        }
    }
}
