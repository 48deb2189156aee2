//! Data models: the typed shapes of request and response bodies (and the constraints of query
//! and path parameters), as the generated project types and validates them.

pub use crate::grammar::types::{FieldType, Scalar, TypeExpr};

use serde::Serialize;
use serde_json::{Map, Number, Value, json};

/// A model: a JSON object with typed fields, in the order they are validated and reported.
#[derive(Debug, Clone, Serialize)]
pub struct DataModel {
    /// The Rust type name (`NewTask`).
    pub name: String,
    pub description: Option<String>,
    /// Its fields are read in Pydantic's strict mode (JSON types only).
    pub strict: bool,
    /// Empty for a union.
    pub fields: Vec<Field>,
    /// Instead of fields: the types a value of this model may be.
    pub union: Option<Union>,
}

/// A model that is one of several types (`one_of`), told apart by the kind of JSON value or by
/// a discriminator field.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Union {
    pub members: Vec<UnionMember>,
    /// The field whose value names the member (every member is then a model).
    pub discriminator: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnionMember {
    /// Never optional.
    pub ty: FieldType,
    /// The Rust variant's name (checked: a model name, or `String`, `I64`, `List`…).
    pub variant: String,
    /// The kind of JSON value it takes.
    pub kind: JsonKind,
    /// With a discriminator: the value of the discriminator field that selects this member.
    pub tag: Option<String>,
}

/// The kinds of JSON value a union tells its members apart by (a `f64` member also takes
/// integers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum JsonKind {
    String,
    Integer,
    Number,
    Bool,
    Array,
    Object,
}

impl JsonKind {
    /// The kind a union member of this type takes; `None` for types a union cannot hold
    /// (formats, `json`: their JSON kind does not tell them apart from a plain string or from
    /// anything).
    pub fn of(ty: &FieldType) -> Option<JsonKind> {
        if ty.optional {
            return None;
        }
        Some(match &ty.ty {
            TypeExpr::Scalar(Scalar::String) => JsonKind::String,
            TypeExpr::Scalar(Scalar::Bool) => JsonKind::Bool,
            TypeExpr::Scalar(Scalar::F64) => JsonKind::Number,
            TypeExpr::Scalar(scalar) if scalar.integer_range().is_some() => JsonKind::Integer,
            TypeExpr::Scalar(_) => return None,
            TypeExpr::List(_) => JsonKind::Array,
            TypeExpr::Map(_) | TypeExpr::Model(_) => JsonKind::Object,
        })
    }

    /// Whether `value` is of this kind.
    pub fn matches(self, value: &Value) -> bool {
        match (self, value) {
            (JsonKind::String, Value::String(_)) => true,
            (JsonKind::Integer, Value::Number(n)) => n.is_i64() || n.is_u64(),
            (JsonKind::Number, Value::Number(_)) => true,
            (JsonKind::Bool, Value::Bool(_)) => true,
            (JsonKind::Array, Value::Array(_)) => true,
            (JsonKind::Object, Value::Object(_)) => true,
            _ => false,
        }
    }

    /// Two members that would both claim some values.
    pub fn overlaps(self, other: JsonKind) -> bool {
        self == other
            || matches!(
                (self, other),
                (JsonKind::Integer, JsonKind::Number) | (JsonKind::Number, JsonKind::Integer)
            )
    }
}

impl DataModel {
    /// The member of a union that `value` is: by its discriminator, else by its kind; of model
    /// members, the one with the most of its fields in the object whose required fields are all
    /// there (the first on a tie), as the server reads it.
    pub fn member_for<'m>(
        &'m self,
        value: &Value,
        models: &'m [DataModel],
    ) -> Option<&'m UnionMember> {
        let union = self.union.as_ref()?;
        if let Some(field) = &union.discriminator {
            let tag = value.get(field)?.as_str()?;
            return union.members.iter().find(|m| m.tag.as_deref() == Some(tag));
        }
        let mut candidates = union.members.iter().filter(|m| m.kind.matches(value));
        let Value::Object(object) = value else {
            return candidates.next();
        };
        let mut best: Option<(usize, &UnionMember)> = None;
        for member in candidates {
            let fields = match &member.ty.ty {
                TypeExpr::Model(name) => models
                    .iter()
                    .find(|m| m.name == *name)
                    .map_or(&[][..], |m| m.fields.as_slice()),
                _ => &[],
            };
            if fields
                .iter()
                .any(|f| f.required() && !object.contains_key(&f.name))
            {
                continue;
            }
            let set = fields
                .iter()
                .filter(|f| object.contains_key(&f.name))
                .count();
            if best.is_none_or(|(most, _)| set > most) {
                best = Some((set, member));
            }
        }
        best.map(|(_, member)| member)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// The name on the wire (`createdAt`).
    pub name: String,
    /// The Rust field name (`created_at`), a checked identifier.
    pub rust_name: String,
    pub ty: FieldType,
    pub constraints: Constraints,
    /// The value when the field is absent.
    pub default: Option<Value>,
    pub description: Option<String>,
    /// `None` is left out of what the server writes, not written as `null`.
    pub omit_none: bool,
    /// A value of the field (checked), used by derived examples.
    pub example: Option<Value>,
    /// The name of the enum the generated code makes of the field's values, for a string with
    /// an `enum` ([`Field::has_enum`]): usually `{Model}{Field}`
    /// ([`crate::grammar::EnumNames`]).
    pub enum_name: Option<String>,
}

impl Field {
    /// A string field with an `enum`: the generated code makes an enum of its values.
    pub fn has_enum(&self) -> bool {
        !self.constraints.allowed.is_empty() && self.ty.ty == TypeExpr::Scalar(Scalar::String)
    }

    /// The field must be present: it is not optional and has no default.
    pub fn required(&self) -> bool {
        !self.ty.optional && self.default.is_none()
    }
}

/// Pydantic's `Field(...)` constraints, each only where its type allows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Constraints {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub ge: Option<Number>,
    pub gt: Option<Number>,
    pub le: Option<Number>,
    pub lt: Option<Number>,
    /// The only values a string may take (`enum`), empty for any.
    pub allowed: Vec<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl Constraints {
    pub fn from_spec(details: Option<&crate::spec::FieldDetails>) -> Constraints {
        let Some(d) = details else {
            return Constraints::default();
        };
        let number = |n: &Option<crate::spec::Spanned<Number>>| n.as_ref().map(|n| n.value.clone());
        Constraints {
            min_length: d.min_length.as_ref().map(|c| c.value),
            max_length: d.max_length.as_ref().map(|c| c.value),
            pattern: d.pattern.as_ref().map(|c| c.value.clone()),
            ge: number(&d.ge),
            gt: number(&d.gt),
            le: number(&d.le),
            lt: number(&d.lt),
            allowed: d
                .allowed
                .as_ref()
                .map(|a| a.value.iter().map(|v| v.value.clone()).collect())
                .unwrap_or_default(),
            min_items: d.min_items.as_ref().map(|c| c.value),
            max_items: d.max_items.as_ref().map(|c| c.value),
        }
    }
}

/// Models nest at most this deep in a derived example, recursive or not (a safety bound: a
/// recursive model stops where it would contain itself).
const MAX_EXAMPLE_DEPTH: usize = 32;

/// A value of `ty` that satisfies its constraints: the example a typed body gets when the spec
/// gives none. Optional fields are left out; required ones get the smallest valid value.
pub fn derive_example(ty: &FieldType, constraints: &Constraints, models: &[DataModel]) -> Value {
    let mut deriving = Deriving {
        within: Vec::new(),
        left: MAX_EXAMPLE_VALUES,
    };
    example_of(ty, constraints, models, &mut deriving)
}

/// At most this many values in a derived example: models that hold others several times each,
/// level after level, would otherwise make an example exponentially large.
const MAX_EXAMPLE_VALUES: usize = 10_000;

/// Where a derivation is: the models being built, and how many more values it may make.
struct Deriving<'m> {
    within: Vec<&'m str>,
    left: usize,
}

/// Whether a value of `ty` would hold a model already being built (`within`), through lists and
/// maps: its example stops there, as an empty list or map.
fn recurses(ty: &FieldType, within: &[&str]) -> bool {
    match &ty.ty {
        TypeExpr::Model(name) => within.contains(&name.as_str()),
        TypeExpr::List(inner) | TypeExpr::Map(inner) => recurses(inner, within),
        TypeExpr::Scalar(_) => false,
    }
}

fn example_of<'m>(
    ty: &FieldType,
    c: &Constraints,
    models: &'m [DataModel],
    deriving: &mut Deriving<'m>,
) -> Value {
    deriving.left = deriving.left.saturating_sub(1);
    let stop = deriving.within.len() >= MAX_EXAMPLE_DEPTH || deriving.left == 0;
    let within = &deriving.within;
    match &ty.ty {
        TypeExpr::Scalar(scalar) => scalar_example(*scalar, c),
        TypeExpr::List(item) => {
            // Empty where an item would contain itself (a recursive model's `{}` fits nothing).
            if stop || recurses(item, within) {
                return json!([]);
            }
            // One item, or as many as `min_items` asks, never more than `max_items` allows.
            let count = c.min_items.unwrap_or(1).max(1);
            let count = c
                .max_items
                .map_or(count, |max| count.min(max.max(c.min_items.unwrap_or(0))));
            Value::Array(
                (0..count)
                    .map(|_| example_of(item, &Constraints::default(), models, deriving))
                    .collect(),
            )
        }
        TypeExpr::Map(value) => {
            if stop || recurses(value, within) {
                return json!({});
            }
            json!({ "key": example_of(value, &Constraints::default(), models, deriving) })
        }
        TypeExpr::Model(name) => {
            let mut object = Map::new();
            let Some(model) = models.iter().find(|m| m.name == *name) else {
                return Value::Object(object);
            };
            if stop || within.contains(&model.name.as_str()) {
                return Value::Object(object);
            }
            deriving.within.push(&model.name);
            if let Some(first) = model.union.as_ref().and_then(|u| u.members.first()) {
                let value = example_of(&first.ty, &Constraints::default(), models, deriving);
                deriving.within.pop();
                return value;
            }
            for field in model.fields.iter().filter(|f| f.required()) {
                let value = match &field.example {
                    Some(example) => example.clone(),
                    None => example_of(&field.ty, &field.constraints, models, deriving),
                };
                object.insert(field.name.clone(), value);
            }
            deriving.within.pop();
            Value::Object(object)
        }
    }
}

fn scalar_example(scalar: Scalar, c: &Constraints) -> Value {
    match scalar {
        Scalar::String => {
            if let Some(first) = c.allowed.first() {
                return json!(first);
            }
            if let Some(matching) = c.pattern.as_deref().and_then(|pattern| {
                crate::grammar::pattern::example_within(pattern, c.min_length, c.max_length)
            }) {
                return json!(matching);
            }
            let length = c.min_length.unwrap_or(0).max(6);
            let length = c.max_length.map_or(length, |max| length.min(max)) as usize;
            json!("string".chars().cycle().take(length).collect::<String>())
        }
        Scalar::Bool => json!(false),
        Scalar::F64 => {
            let low = bound(&c.ge).or(bound(&c.gt).map(|g| g + 1.0));
            let high = bound(&c.le).or(bound(&c.lt).map(|l| l - 1.0));
            let value = match (low, high) {
                (Some(low), Some(high)) => (low + high) / 2.0,
                (Some(low), None) => low.max(0.0),
                (None, Some(high)) => high.min(0.0),
                (None, None) => 0.0,
            };
            Number::from_f64(value).map_or(json!(0), Value::Number)
        }
        Scalar::DateTime => json!("2026-01-01T00:00:00Z"),
        Scalar::Date => json!("2026-01-01"),
        Scalar::Uuid => json!("00000000-0000-4000-8000-000000000000"),
        Scalar::Email => json!("user@example.com"),
        Scalar::Json => json!({}),
        integer => {
            let (min, max) = integer.integer_range().unwrap_or((0, 0));
            let low = bound(&c.ge)
                .map(|g| g.ceil() as i128)
                .or(bound(&c.gt).map(|g| g.floor() as i128 + 1))
                .unwrap_or(0)
                .max(min);
            let high = bound(&c.le)
                .map(|l| l.floor() as i128)
                .or(bound(&c.lt).map(|l| l.ceil() as i128 - 1))
                .unwrap_or(max)
                .min(max);
            let value = low.min(high).max(min);
            match i64::try_from(value) {
                Ok(v) => json!(v),
                Err(_) => json!(u64::try_from(value).unwrap_or(0)),
            }
        }
    }
}

/// A parameter's example as the URL carries it (before percent-encoding): the type's plain
/// example (`example`, `1`), or one that meets the constraints (`enum`, bounds, `pattern`).
pub fn param_example(ty: crate::model::ParamType, c: &Constraints) -> String {
    if *c == Constraints::default() {
        return ty.example().to_string();
    }
    let scalar = Scalar::from_name(ty.name()).unwrap_or(Scalar::String);
    match scalar_example(scalar, c) {
        Value::String(text) => text,
        other => other.to_string(),
    }
}

fn bound(number: &Option<Number>) -> Option<f64> {
    number.as_ref().and_then(Number::as_f64)
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(in crate::model) fn field(name: &str, ty: &str, default: Option<Value>) -> Field {
        Field {
            name: name.into(),
            rust_name: name.into(),
            ty: crate::grammar::types::parse(ty).unwrap(),
            constraints: Constraints::default(),
            default,
            description: None,
            omit_none: false,
            example: None,
            enum_name: None,
        }
    }

    /// A plain model of `fields`.
    pub(in crate::model) fn model(name: &str, fields: Vec<Field>) -> DataModel {
        DataModel {
            name: name.into(),
            description: None,
            strict: false,
            fields,
            union: None,
        }
    }

    /// A union whose one member is the model `member`.
    pub(in crate::model) fn union_of(name: &str, member: &str) -> DataModel {
        DataModel {
            union: Some(Union {
                members: vec![UnionMember {
                    ty: crate::grammar::types::parse(member).unwrap(),
                    variant: member.into(),
                    kind: JsonKind::Object,
                    tag: None,
                }],
                discriminator: None,
            }),
            ..model(name, Vec::new())
        }
    }

    /// Magento's category tree: a required list of its own model. The example stops with an
    /// empty list, never with an item missing its required fields (the example handler
    /// answered 500: "the example does not fit its model").
    #[test]
    fn a_recursive_models_derived_example_ends_in_an_empty_list() {
        let models = vec![model(
            "Category",
            vec![
                field("name", "string", None),
                field("children", "[Category]", None),
                field("by_name", "{string: Category}", None),
            ],
        )];
        let ty = crate::grammar::types::parse("Category").unwrap();
        let example = derive_example(&ty, &Constraints::default(), &models);
        fn levels(category: &Value) -> usize {
            let object = category.as_object().expect("an object");
            assert!(object.contains_key("name"), "{category}");
            let children = object["children"].as_array().expect("a list");
            let by_name = object["by_name"].as_object().expect("a map");
            let below = children.iter().chain(by_name.values()).map(levels).max();
            1 + below.unwrap_or(0)
        }
        // The first category's children and map are empty: a child would contain a category.
        assert_eq!(levels(&example), 1);
    }

    /// Models that hold the next one twice, twenty levels down: 2^20 values unbounded; the
    /// example stops at its budget.
    #[test]
    fn a_derived_example_has_a_bounded_size() {
        let mut models: Vec<DataModel> = (0..20)
            .map(|i| {
                let next = format!("D{}", i + 1);
                model(
                    &format!("D{i}"),
                    vec![field("a", &next, None), field("b", &next, None)],
                )
            })
            .collect();
        models.push(model("D20", vec![field("leaf", "bool", None)]));
        let ty = crate::grammar::types::parse("D0").unwrap();
        let example = derive_example(&ty, &Constraints::default(), &models);
        let text = example.to_string();
        assert!(text.len() < 200_000, "{} bytes", text.len());
    }

    /// Shotstack's render: a union nine models deep in a response, not recursive. Its example
    /// reaches the union's member with its required fields (it stopped at `{}`, which fits no
    /// member: the example handler answered 500).
    #[test]
    fn a_deep_models_derived_example_reaches_the_bottom() {
        let mut models: Vec<DataModel> = (0..9)
            .map(|i| {
                model(
                    &format!("L{i}"),
                    vec![field("next", &format!("[L{}]", i + 1), None)],
                )
            })
            .collect();
        models.push(union_of("L9", "Video"));
        models.push(model("Video", vec![field("src", "string", None)]));
        let ty = crate::grammar::types::parse("L0").unwrap();
        let mut value = derive_example(&ty, &Constraints::default(), &models);
        for _ in 0..9 {
            value = value["next"][0].clone();
        }
        assert_eq!(value, json!({ "src": "string" }));
    }

    #[test]
    fn derived_examples_meet_their_constraints() {
        let constraints = Constraints {
            ge: Some(Number::from(10)),
            le: Some(Number::from(20)),
            ..Constraints::default()
        };
        let ty = crate::grammar::types::parse("u32").unwrap();
        assert_eq!(derive_example(&ty, &constraints, &[]), json!(10));
        let text = Constraints {
            min_length: Some(8),
            max_length: Some(9),
            ..Constraints::default()
        };
        let ty = crate::grammar::types::parse("string").unwrap();
        assert_eq!(derive_example(&ty, &text, &[]), json!("stringst"));
        // A pattern any string matches, and a length its shortest match is not.
        let any = Constraints {
            min_length: Some(1),
            max_length: Some(63),
            pattern: Some(r"[\s\S]*".into()),
            ..Constraints::default()
        };
        assert_eq!(derive_example(&ty, &any, &[]), json!("0"));
        let list = Constraints {
            min_items: Some(2),
            ..Constraints::default()
        };
        let ty = crate::grammar::types::parse("[bool]").unwrap();
        assert_eq!(derive_example(&ty, &list, &[]), json!([false, false]));
    }
}

/// A setting the server reads from the environment at start-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Setting {
    /// The variable's name (`DATABASE_URL`).
    pub env: String,
    /// The `Config` field (`database_url`), a checked identifier.
    pub field: String,
    pub ty: Scalar,
    /// Unset is `None`.
    pub optional: bool,
    /// The value when unset, as the environment would give it (`5`, `true`).
    pub default: Option<String>,
    pub secret: bool,
    pub description: Option<String>,
}
