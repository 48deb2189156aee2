//! What `src/models.rs` declares: a serde struct per data model and an enum per string field
//! with an `enum`, Rust types for every field type (`Box` where a model contains itself), the
//! wire names kept with `rename`, and defaults.

use super::validators::{Mode, Naming, scalar_type, validator};
use crate::model::{DataModel, FieldType, JsonKind, Model, Scalar, TypeExpr};
use serde::Serialize;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default, Serialize)]
pub struct ModelsContext {
    pub structs: Vec<StructContext>,
    pub enums: Vec<EnumContext>,
    pub unions: Vec<UnionContext>,
}

/// A `one_of` model: an untagged serde enum (each member serializes as itself) that
/// `FromInput` reads as Pydantic reads a union.
#[derive(Debug, Clone, Serialize)]
pub struct UnionContext {
    /// A checked type name.
    pub name: String,
    pub doc: String,
    pub members: Vec<MemberContext>,
    /// The first statement of its `from_input`: `let mut union = v::OneOf::new(...)`, or
    /// `v::Tagged::new(..., "discriminator")`.
    pub opening: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct MemberContext {
    /// Its line (or lines) in the enum: `Cat(Cat),`, laid out as rustfmt lays it out.
    pub definition: String,
    /// Its statement in the union's `from_input`: `union.model("Cat", Self::Cat);` (a model,
    /// by Pydantic's name for it or by its tag), or `union.member(label, kind, validator,
    /// Self::Str);`, laid out as rustfmt lays it out where that is known.
    pub read: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StructContext {
    /// A checked type name.
    pub name: String,
    pub doc: Option<String>,
    pub fields: Vec<FieldContext>,
    /// rustfmt writes `Some(Self { a: a? })` on one line (its fields are short).
    pub literal_on_one_line: bool,
    /// For a member of a union: `const FIELDS: ... = &[...];`, its fields' names on the wire
    /// (`FromInput::FIELDS`, which tell model members apart), laid out as rustfmt lays it out.
    pub fields_const: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FieldContext {
    /// A checked identifier.
    pub rust_name: String,
    /// The local variable `from_input` reads it into (`super::reader_local`: `fields_` for
    /// `fields`, the reader's own name).
    pub local: String,
    /// The name on the wire, when it differs from `rust_name`.
    pub rename: Option<String>,
    /// The Rust type, built from checked names (`Option<Vec<Tag>>`).
    pub rust_type: String,
    pub doc: Option<String>,
    /// The function that gives the default (`default_new_task_done`), and the default as JSON.
    pub default: Option<DefaultContext>,
    /// How `FromInput` reads it: `required`, `with_default`, `optional`,
    /// `optional_with_default`, `omittable` or `omittable_with_default` (the runtime's `Fields`
    /// methods).
    pub read: &'static str,
    /// The validator, Rust code composed from the runtime's validators, checked names,
    /// numbers and `rust_str` literals only (`Str::new().min_length(1)`).
    pub validator: String,
    /// `None` is left out when serialized (`skip_serializing_if`).
    pub omit_none: bool,
    /// How rustfmt lays out the statement of `from_input` that reads it.
    pub layout: crate::layout::Layout,
}

#[derive(Debug, Clone, Serialize)]
pub struct DefaultContext {
    pub function: String,
    pub json: String,
    /// `fn default_…() -> Type {` as rustfmt lays it out (`crate::layout::fn_signature`).
    pub signature: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EnumContext {
    pub name: String,
    pub doc: String,
    /// Variant name (checked) and value on the wire, in spec order.
    pub variants: Vec<(String, String)>,
    /// `const VALUES: ... = &[...];`, the values as `rust_str` literals, laid out as rustfmt
    /// lays it out where that is known (`crate::layout::const_array`), else on one line.
    pub values: String,
}

/// `{declaration} = &[literals];` four columns in, as `crate::layout::const_array` lays it
/// out, else on one line (rustfmt decides).
fn const_array_text(declaration: &str, literals: &[String]) -> String {
    crate::layout::const_array(4, declaration, literals)
        .unwrap_or_else(|| format!("    {declaration} = &[{}];", literals.join(", ")))
}

impl EnumContext {
    fn new(name: String, doc: String, allowed: &[String]) -> EnumContext {
        const DECLARATION: &str = "const VALUES: &'static [&'static str]";
        let literals: Vec<String> = allowed
            .iter()
            .map(|value| crate::render::filters::rust_str(value))
            .collect();
        let values = const_array_text(DECLARATION, &literals);
        EnumContext {
            name,
            doc,
            variants: variants(allowed),
            values,
        }
    }
}

impl ModelsContext {
    pub fn new(model: &Model) -> ModelsContext {
        let mut context = ModelsContext::default();
        // The models some union holds: their `FromInput` lists their fields.
        let union_members: BTreeSet<&str> = model
            .models
            .iter()
            .filter_map(|data| data.union.as_ref())
            .flat_map(|union| &union.members)
            .filter_map(|member| match &member.ty.ty {
                TypeExpr::Model(name) => Some(name.as_str()),
                _ => None,
            })
            .collect();
        for data in &model.models {
            if let Some(union) = &data.union {
                context
                    .unions
                    .push(union_context(data, union, &model.models));
                continue;
            }
            let mut fields = Vec::new();
            for field in &data.fields {
                let enum_name = field.enum_name.clone();
                if let Some(name) = &enum_name {
                    context.enums.push(EnumContext::new(
                        name.clone(),
                        format!("The values of `{}.{}`.", data.name, field.name),
                        &field.constraints.allowed,
                    ));
                }
                let boxed = contains_itself(&data.name, &field.ty, &model.models);
                let read = match (field.ty.optional, field.default.is_some(), field.omit_none) {
                    (false, false, _) => "required",
                    (false, true, _) => "with_default",
                    (true, false, false) => "optional",
                    (true, true, false) => "optional_with_default",
                    (true, false, true) => "omittable",
                    (true, true, true) => "omittable_with_default",
                };
                let field_type = rust_type(&field.ty, enum_name.as_deref(), boxed);
                let default = field.default.as_ref().map(|value| {
                    let function = format!(
                        "default_{}_{}",
                        heck::ToSnakeCase::to_snake_case(data.name.as_str()),
                        field.rust_name.trim_end_matches('_')
                    );
                    let head = format!("fn {function}");
                    let returns = format!("-> {field_type}");
                    DefaultContext {
                        signature: crate::layout::fn_signature(&head, &[], &returns)
                            .unwrap_or_else(|| format!("{head}() {returns} {{")),
                        function,
                        json: serde_json::to_string(value).unwrap_or_else(|_| "null".into()),
                    }
                });
                fields.push(FieldContext {
                    read,
                    validator: {
                        let base = validator(
                            &FieldType {
                                optional: false,
                                ..field.ty.clone()
                            },
                            &field.constraints,
                            enum_name.as_deref(),
                            if data.strict { Mode::Strict } else { Mode::Lax },
                            Naming::Inferred,
                        );
                        if boxed {
                            format!("v::Convert {{ validator: {base}, convert: Box::new }}")
                        } else {
                            base
                        }
                    },
                    rename: (field.rust_name != field.name).then(|| field.name.clone()),
                    rust_type: field_type,
                    doc: field.description.clone(),
                    default,
                    rust_name: field.rust_name.clone(),
                    local: super::reader_local(&field.rust_name, &["fields"]),
                    omit_none: field.omit_none,
                    layout: crate::layout::Layout::OneLine,
                });
                if let Some(field) = fields.last_mut() {
                    let mut args = vec![
                        crate::render::filters::rust_str(
                            field.rename.as_ref().unwrap_or(&field.rust_name),
                        ),
                        format!("&{}", field.validator),
                    ];
                    if let Some(default) = &field.default {
                        args.push(default.function.clone());
                    }
                    field.layout =
                        crate::layout::read_statement("fields", &field.local, field.read, &args);
                }
            }
            let names: Vec<&str> = fields.iter().map(|f| f.rust_name.as_str()).collect();
            let fields_const = union_members.contains(data.name.as_str()).then(|| {
                let wire: Vec<String> = data
                    .fields
                    .iter()
                    .map(|f| crate::render::filters::rust_str(&f.name))
                    .collect();
                const_array_text("const FIELDS: &'static [&'static str]", &wire)
            });
            context.structs.push(StructContext {
                fields_const,
                literal_on_one_line: crate::layout::literal_on_one_line(&names),
                name: data.name.clone(),
                doc: data.description.clone(),
                fields,
            });
        }
        context
    }

    pub fn is_empty(&self) -> bool {
        self.structs.is_empty() && self.unions.is_empty()
    }
}

fn union_context(
    data: &DataModel,
    union: &crate::model::Union,
    models: &[DataModel],
) -> UnionContext {
    use crate::render::filters::rust_str;
    let members = union
        .members
        .iter()
        .map(|member| {
            let boxed = contains_itself(&data.name, &member.ty, models);
            let rust_type = rust_type(&member.ty, None, boxed);
            let definition = crate::layout::tuple_variant(&member.variant, &rust_type)
                .unwrap_or_else(|| format!("    {}({rust_type}),", member.variant));
            let wrap = format!("Self::{}", member.variant);
            let (method, args) = match (&member.ty.ty, &union.discriminator) {
                (TypeExpr::Model(_), discriminator) => {
                    let key = match discriminator {
                        Some(_) => member.tag.clone().unwrap_or_default(),
                        None => pydantic_label(&member.ty),
                    };
                    let method = if boxed {
                        "union.boxed_model"
                    } else {
                        "union.model"
                    };
                    (method, vec![rust_str(&key), wrap])
                }
                _ => {
                    let validator = validator(
                        &member.ty,
                        &crate::model::Constraints::default(),
                        None,
                        Mode::Lax,
                        Naming::Inferred,
                    );
                    let kind = match member.kind {
                        JsonKind::String => "String",
                        JsonKind::Integer => "Integer",
                        JsonKind::Number => "Number",
                        JsonKind::Bool => "Bool",
                        JsonKind::Array => "Array",
                        JsonKind::Object => "Object",
                    };
                    let label = rust_str(&pydantic_label(&member.ty));
                    let args = vec![label, format!("v::Kind::{kind}"), validator, wrap];
                    ("union.member", args)
                }
            };
            MemberContext {
                definition,
                read: crate::layout::call_text(8, method, &args, ";"),
            }
        })
        .collect();
    let opening = match &union.discriminator {
        Some(field) => format!(
            "        let mut union = v::Tagged::new(input, loc, errors, {});",
            rust_str(field)
        ),
        None => "        let mut union = v::OneOf::new(input, loc, errors);".to_string(),
    };
    UnionContext {
        name: data.name.clone(),
        doc: data.description.clone().unwrap_or_else(|| {
            format!(
                "The `{}` model: one of {}.",
                data.name,
                union
                    .members
                    .iter()
                    .map(|m| format!("`{}`", m.ty))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }),
        members,
        opening,
    }
}

/// How Pydantic names a union member in an error's `loc`: its Python type as FastAPI's twin
/// declares it (integers are bounded, so `constrained-int`).
pub fn pydantic_label(ty: &FieldType) -> String {
    let inner = match &ty.ty {
        TypeExpr::Scalar(Scalar::String) => "str".to_string(),
        TypeExpr::Scalar(Scalar::Bool) => "bool".to_string(),
        TypeExpr::Scalar(Scalar::F64) => "float".to_string(),
        TypeExpr::Scalar(scalar) if scalar.integer_range().is_some() => {
            "constrained-int".to_string()
        }
        TypeExpr::Scalar(Scalar::DateTime) => "datetime".to_string(),
        TypeExpr::Scalar(Scalar::Date) => "date".to_string(),
        TypeExpr::Scalar(Scalar::Uuid) => "uuid".to_string(),
        TypeExpr::Scalar(Scalar::Email) => "str".to_string(),
        TypeExpr::Scalar(_) => "any".to_string(),
        TypeExpr::List(item) => format!("list[{}]", pydantic_label(item)),
        TypeExpr::Map(value) => format!("dict[str,{}]", pydantic_label(value)),
        TypeExpr::Model(name) => name.clone(),
    };
    if ty.optional {
        format!("nullable[{inner}]")
    } else {
        inner
    }
}

/// The Rust type of a field type; `enum_name` for a string with an `enum`; `boxed` when the
/// model reaches itself through this field without a list or map in between.
pub fn rust_type(ty: &FieldType, enum_name: Option<&str>, boxed: bool) -> String {
    rust_type_at(ty, enum_name, boxed, "")
}

/// [`rust_type`] for code outside `src/models.rs`: model names as `crate::models::Task`.
pub fn rust_type_outside(ty: &FieldType) -> String {
    rust_type_at(ty, None, false, "crate::models::")
}

fn rust_type_at(ty: &FieldType, enum_name: Option<&str>, boxed: bool, path: &str) -> String {
    let inner = match &ty.ty {
        TypeExpr::Scalar(Scalar::String) if enum_name.is_some() => {
            enum_name.unwrap_or("String").to_string()
        }
        TypeExpr::Scalar(scalar) => scalar_type(*scalar).to_string(),
        TypeExpr::List(item) => format!("Vec<{}>", rust_type_at(item, None, false, path)),
        TypeExpr::Map(value) => format!(
            "std::collections::BTreeMap<String, {}>",
            rust_type_at(value, None, false, path)
        ),
        TypeExpr::Model(name) if boxed => format!("Box<{path}{name}>"),
        TypeExpr::Model(name) => format!("{path}{name}"),
    };
    if ty.optional {
        format!("Option<{inner}>")
    } else {
        inner
    }
}

/// Whether `ty` names a model (directly, or optionally) from which `owner` is reachable
/// through fields that are not lists or maps: that field needs a `Box`.
fn contains_itself(owner: &str, ty: &FieldType, models: &[DataModel]) -> bool {
    let TypeExpr::Model(start) = &ty.ty else {
        return false;
    };
    let mut seen = BTreeSet::new();
    let mut stack = vec![start.clone()];
    while let Some(name) = stack.pop() {
        if name == owner {
            return true;
        }
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(model) = models.iter().find(|m| m.name == name) {
            let members = model
                .union
                .iter()
                .flat_map(|u| u.members.iter().map(|m| &m.ty));
            for ty in model.fields.iter().map(|f| &f.ty).chain(members) {
                if let TypeExpr::Model(next) = &ty.ty {
                    stack.push(next.clone());
                }
            }
        }
    }
    false
}

/// Variant names for enum values: PascalCase, `V` before a leading digit, `SelfValue` for
/// `Self` (a keyword), a number after a name another value already took.
fn variants(values: &[String]) -> Vec<(String, String)> {
    let mut taken = BTreeSet::new();
    values
        .iter()
        .map(|value| {
            let cleaned: String = value
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let mut name = heck::ToUpperCamelCase::to_upper_camel_case(cleaned.as_str());
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                name = format!("V{name}");
            }
            // `Self` is a keyword (AWS's marketplace catalog has an `OwnershipType` `SELF`).
            if name == "Self" {
                name = "SelfValue".to_string();
            }
            let mut unique = name.clone();
            let mut n = 2;
            while !taken.insert(unique.clone()) {
                unique = format!("{name}{n}");
                n += 1;
            }
            (unique, value.clone())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_become_variants() {
        let values: Vec<String> = ["low", "in-progress", "2fa", "", "Low", "SELF", "self_value"]
            .iter()
            .map(|v| v.to_string())
            .collect();
        let names: Vec<String> = variants(&values).into_iter().map(|(n, _)| n).collect();
        assert_eq!(
            names,
            [
                "Low",
                "InProgress",
                "V2fa",
                "V",
                "Low2",
                "SelfValue",
                "SelfValue2"
            ]
        );
    }

    #[test]
    fn types_render_as_rust() {
        let ty = crate::grammar::types::parse("{string: [User?]}?").unwrap();
        assert_eq!(
            rust_type(&ty, None, false),
            "Option<std::collections::BTreeMap<String, Vec<Option<User>>>>"
        );
        let ty = crate::grammar::types::parse("Node?").unwrap();
        assert_eq!(rust_type(&ty, None, true), "Option<Box<Node>>");
    }
}
