//! What the generated server writes for a value of a type: the bytes serde writes for a typed
//! body ([`serialize_as`]), and dates and date-times as pydantic writes them
//! ([`dates_written`]), with the runtime's own parser and writer
//! (`templates/src/validation/calendar.rs`) compiled here too. So a test that expects an example
//! body expects the bytes the server sends (GitHub's `2025-10-15T13:53:05.741Z` is written
//! `2025-10-15T13:53:05.741000Z`, as pydantic writes it).

#[allow(dead_code)]
#[path = "../../templates/src/validation/calendar.rs"]
mod calendar;

use super::data::{DataModel, FieldType, Scalar, TypeExpr};
use calendar::{Date, DateTime};
use serde_json::Value;

/// A `date-time` as the server writes it once read (`DateTimeV`'s order: a date-time or a
/// timestamp, else a date at midnight without an offset); `None` when it reads neither.
pub fn date_time(text: &str) -> Option<String> {
    if let Ok(datetime) = DateTime::parse(text.as_bytes()) {
        return Some(datetime.to_string());
    }
    Date::parse(text.as_bytes())
        .ok()
        .map(|date| format!("{date}T00:00:00"))
}

/// A `date` as the server writes it once read (`DateV`'s order: a date, else a date-time at
/// midnight); `None` when it reads neither.
pub fn date(text: &str) -> Option<String> {
    if let Ok(date) = Date::parse(text.as_bytes()) {
        return Some(date.to_string());
    }
    DateTime::parse(text.as_bytes())
        .ok()
        .filter(DateTime::is_midnight)
        .map(|datetime| datetime.date.to_string())
}

/// The bytes the generated server sends for `value` as a `ty`: serde's JSON for the Rust types
/// of `src/models.rs` (fields in model order, absent optional fields as `null`, absent fields
/// with a default as their default, integers in `f64` fields as floats, maps by sorted key).
/// The value must match the type (check verified the example). A union's member is read
/// through the validation runtime, which writes its dates and date-times again as pydantic
/// does (`.741Z` becomes `.741000Z`); a plain model keeps the text it was given.
pub fn serialize_as(value: &Value, ty: &FieldType, models: &[DataModel]) -> String {
    let mut out = String::new();
    write_as(value, ty, models, Reading::Serde, &mut out);
    out
}

/// `value` with each date and date-time where `ty` has one written as pydantic writes it
/// (`2025-10-15T13:53:05.741Z` becomes `2025-10-15T13:53:05.741000Z`): a response's example
/// as FastAPI would send it. The server reads a plain model's example through serde, which
/// keeps text as given, so its example file holds the text FastAPI writes. Text that is no date
/// stays as it is (check refused it).
pub fn dates_written(value: &mut Value, ty: &FieldType, models: &[DataModel]) {
    match (&ty.ty, value) {
        (TypeExpr::Scalar(scalar @ (Scalar::DateTime | Scalar::Date)), Value::String(text)) => {
            let written = match scalar {
                Scalar::DateTime => date_time(text),
                _ => date(text),
            };
            if let Some(written) = written {
                *text = written;
            }
        }
        (TypeExpr::List(item), Value::Array(items)) => {
            for element in items {
                dates_written(element, item, models);
            }
        }
        (TypeExpr::Map(inner), Value::Object(entries)) => {
            for element in entries.values_mut() {
                dates_written(element, inner, models);
            }
        }
        (TypeExpr::Model(name), value) => {
            let Some(model) = models.iter().find(|m| m.name == *name) else {
                return;
            };
            if model.union.is_some() {
                if let Some(member) = model.member_for(value, models) {
                    let member = member.ty.clone();
                    dates_written(value, &member, models);
                }
                return;
            }
            if let Value::Object(entries) = value {
                for field in &model.fields {
                    if let Some(element) = entries.get_mut(&field.name) {
                        dates_written(element, &field.ty, models);
                    }
                }
            }
        }
        _ => {}
    }
}

/// How the server read the value it writes back.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    /// serde's derived `Deserialize`: text kept as given.
    Serde,
    /// The validation runtime (a union's member): dates and date-times written anew.
    Runtime,
}

fn write_as(
    value: &Value,
    ty: &FieldType,
    models: &[DataModel],
    reading: Reading,
    out: &mut String,
) {
    match (&ty.ty, value) {
        (_, Value::Null) => out.push_str("null"),
        (TypeExpr::Scalar(scalar @ (Scalar::DateTime | Scalar::Date)), Value::String(text))
            if reading == Reading::Runtime =>
        {
            let written = match scalar {
                Scalar::DateTime => date_time(text),
                _ => date(text),
            };
            out.push_str(
                &serde_json::to_string(written.as_deref().unwrap_or(text)).unwrap_or_default(),
            );
        }
        (TypeExpr::Scalar(Scalar::F64), Value::Number(n)) => out.push_str(
            &serde_json::to_string(&n.as_f64().unwrap_or(0.0)).unwrap_or_else(|_| "null".into()),
        ),
        (TypeExpr::List(item), Value::Array(items)) => {
            out.push('[');
            for (i, element) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_as(element, item, models, reading, out);
            }
            out.push(']');
        }
        (TypeExpr::Map(inner), Value::Object(entries)) => {
            let sorted: std::collections::BTreeMap<&String, &Value> = entries.iter().collect();
            out.push('{');
            for (i, (key, element)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap_or_default());
                out.push(':');
                write_as(element, inner, models, reading, out);
            }
            out.push('}');
        }
        (TypeExpr::Model(name), _)
            if let Some(member) = models
                .iter()
                .find(|m| m.name == *name)
                .and_then(|m| m.member_for(value, models)) =>
        {
            write_as(value, &member.ty, models, Reading::Runtime, out);
        }
        (TypeExpr::Model(name), Value::Object(entries)) => {
            let Some(model) = models.iter().find(|m| m.name == *name) else {
                out.push_str(&value.to_string());
                return;
            };
            out.push('{');
            let mut first = true;
            for field in &model.fields {
                let value = entries
                    .get(&field.name)
                    .or(field.default.as_ref())
                    .unwrap_or(&Value::Null);
                if field.omit_none && value.is_null() {
                    continue;
                }
                if !first {
                    out.push(',');
                }
                first = false;
                out.push_str(&serde_json::to_string(&field.name).unwrap_or_default());
                out.push(':');
                write_as(value, &field.ty, models, reading, out);
            }
            out.push('}');
        }
        (_, other) => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::data::tests::{field, model, union_of};
    use super::*;
    use serde_json::json;

    #[test]
    fn values_are_written_as_pydantic_writes_them() {
        assert_eq!(
            date_time("2025-10-15T13:53:05.741Z").as_deref(),
            Some("2025-10-15T13:53:05.741000Z")
        );
        assert_eq!(
            date_time("2026-11-28t10:00+00:00").as_deref(),
            Some("2026-11-28T10:00:00Z")
        );
        assert_eq!(
            date_time("2026-11-28").as_deref(),
            Some("2026-11-28T00:00:00")
        );
        assert_eq!(date_time("not a date"), None);
        assert_eq!(date("2026-11-28T00:00:00Z").as_deref(), Some("2026-11-28"));
        assert_eq!(date("2026-11-28").as_deref(), Some("2026-11-28"));
    }

    #[test]
    fn values_serialize_as_serde_writes_the_models() {
        let models = vec![model(
            "Task",
            vec![
                field("title", "string", None),
                field("done", "bool", Some(json!(false))),
                field("estimate", "f64?", None),
                field("labels", "{string: string}", None),
                field("score", "f64", None),
            ],
        )];
        let ty = crate::grammar::types::parse("[Task]").unwrap();
        let value = json!([{ "score": 3, "labels": { "b": "2", "a": "1" }, "title": "Docs" }]);
        assert_eq!(
            serialize_as(&value, &ty, &models),
            r#"[{"title":"Docs","done":false,"estimate":null,"labels":{"a":"1","b":"2"},"score":3.0}]"#
        );
    }

    /// GitHub Enterprise's users: a union's member is read through the runtime, which writes a
    /// date-time anew (`.741Z` as `.741000Z`); a plain model keeps the text.
    #[test]
    fn date_times_are_written_anew_only_inside_a_union() {
        let models = vec![
            model("User", vec![field("at", "date-time", None)]),
            union_of("Either", "User"),
        ];
        let value = json!({ "at": "2025-10-15T13:53:05.741Z" });
        let plain = crate::grammar::types::parse("User").unwrap();
        assert_eq!(
            serialize_as(&value, &plain, &models),
            r#"{"at":"2025-10-15T13:53:05.741Z"}"#
        );
        let union = crate::grammar::types::parse("Either").unwrap();
        assert_eq!(
            serialize_as(&value, &union, &models),
            r#"{"at":"2025-10-15T13:53:05.741000Z"}"#
        );
    }

    /// A response's example gets its dates as pydantic writes them wherever its type has
    /// one: in a model's field, a list, a map's values, a union's member; other text stays.
    #[test]
    fn a_response_examples_dates_are_written_as_pydantic_writes_them() {
        let models = vec![
            model(
                "Event",
                vec![
                    field("at", "date-time", None),
                    field("days", "[date]", None),
                    field("notes", "{string: date-time?}", None),
                    field("label", "string", None),
                ],
            ),
            union_of("Either", "Event"),
        ];
        let mut value = json!([{
            "at": "2025-10-15T13:53:05.741Z",
            "days": ["2026-11-28T00:00:00Z", "2026-11-29"],
            "notes": { "a": "2026-11-28T10:00+02:00", "b": null },
            "label": "2025-10-15T13:53:05.741Z",
        }]);
        let ty = crate::grammar::types::parse("[Either]").unwrap();
        dates_written(&mut value, &ty, &models);
        assert_eq!(
            value,
            json!([{
                "at": "2025-10-15T13:53:05.741000Z",
                "days": ["2026-11-28", "2026-11-29"],
                "notes": { "a": "2026-11-28T10:00:00+02:00", "b": null },
                "label": "2025-10-15T13:53:05.741Z",
            }])
        );
    }
}
