//! The project as the templates see it (`project`): the plan's [`ProjectContext`] converted to a
//! minijinja value once for every file. Its largest parts (an entry per generated test, per
//! endpoint) are converted on other cores while the rest is, and put back under their names.

use crate::plan::ProjectContext;
use minijinja::value::{Enumerator, Object, ObjectRepr, Serde, Value};
use std::sync::Arc;

/// `context` as `minijinja::Value::from(Serde(context))` makes it: the same keys, each with the
/// same value. Its parts are taken out of `context` while they are converted and put back.
pub fn project_value(context: &mut ProjectContext) -> Value {
    let tests = std::mem::take(&mut context.tests);
    let handlers = std::mem::take(&mut context.handlers);
    let examples = std::mem::take(&mut context.examples);
    let mut values = {
        let rest = &*context;
        // Largest first: the tests lay out their statements as they are converted.
        crate::cores::map_in_order(&[0, 1, 2, 3], |n| match n {
            0 => Value::from(Serde(&tests)),
            1 => Value::from(Serde(&handlers)),
            2 => Value::from(Serde(&examples)),
            _ => Value::from(Serde(rest)),
        })
    }
    .into_iter();
    context.tests = tests;
    context.handlers = handlers;
    context.examples = examples;
    let mut next = || values.next().unwrap_or_default();
    let parts = [
        ("tests", next()),
        ("handlers", next()),
        ("examples", next()),
    ];
    Value::from_object(Project {
        parts,
        rest: next(),
    })
}

/// The converted parts, and the rest of the context (where the parts are empty lists).
#[derive(Debug)]
struct Project {
    parts: [(&'static str, Value); 3],
    rest: Value,
}

impl Object for Project {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        ObjectRepr::Map
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        let key = key.as_str()?;
        match self.parts.iter().find(|(name, _)| *name == key) {
            Some((_, value)) => Some(value.clone()),
            None => self.rest.get_attr(key).ok().filter(|v| !v.is_undefined()),
        }
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        match self.rest.try_iter() {
            Ok(keys) => Enumerator::Values(keys.collect()),
            Err(_) => Enumerator::Empty,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Serde, Value, project_value};
    use crate::plan::{PlanOptions, plan};
    use crate::source::SourceFile;

    /// On every kind of part (layers everywhere, models, unions, typed replies), the value has
    /// the keys of the plain conversion, each with an equal value.
    #[test]
    fn the_project_value_is_the_plain_conversion() {
        for (name, text) in [
            (
                "every-kind-everywhere.yaml",
                include_str!("../../tests/valid/every-kind-everywhere.yaml"),
            ),
            (
                "typed-models.yaml",
                include_str!("../../tests/valid/typed-models.yaml"),
            ),
            ("unions.yaml", include_str!("../../tests/valid/unions.yaml")),
        ] {
            let checked = crate::validate::check_source(SourceFile::new(name, text));
            let model = checked.model.expect("a valid spec");
            let mut context = plan(&model, &PlanOptions::default()).context;
            let plain = Value::from(Serde(&context));
            let value = project_value(&mut context);
            let keys = |v: &Value| -> Vec<Value> { v.try_iter().expect("a map").collect() };
            assert_eq!(keys(&value), keys(&plain), "{name}");
            assert!(keys(&plain).len() > 20, "{name}");
            for key in keys(&plain) {
                let key = key.as_str().expect("a field name");
                assert_eq!(
                    value.get_attr(key).ok(),
                    plain.get_attr(key).ok(),
                    "{name}: {key}"
                );
            }
            assert!(value.get_attr("no_such_key").expect("a map").is_undefined());
            // The parts are back in the context.
            assert_eq!(Value::from(Serde(&context)), plain, "{name}");
            assert!(!context.handlers.is_empty() && !context.tests.cases.is_empty());
        }
    }
}
