//! Parameters and typed bodies, compared as a client of the API sees them.
//!
//! Each difference is first a direction: the new type takes fewer values (narrowed), more
//! (widened), or neither. What that means depends on who makes the values: a request body (and
//! every parameter) is what clients send, so narrowing it breaks them; a response body is what
//! clients receive, so widening it does (a client written against the old one meets a value it
//! did not expect, a new enum value included). Objects are open: fields a side does not know are
//! ignored, so a new response field and a removed request field break nobody. Models are followed
//! by name and compared by shape, so a renamed model with the same fields is no change.

use super::{Body, Class, Report, View};
use crate::model::{Constraints, DataModel, Field, FieldType, Model, ParamType, Scalar, TypeExpr};
use serde_json::Number;
use std::collections::BTreeSet;

/// How the values the new type takes compare with the old one's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// Fewer values.
    Narrowed,
    /// More values.
    Widened,
    /// Some values lost, some gained.
    Changed,
}

/// Who makes the body's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Request,
    Response,
}

impl Side {
    fn class(self, direction: Direction) -> Class {
        match (self, direction) {
            (Side::Request, Direction::Widened) | (Side::Response, Direction::Narrowed) => {
                Class::Change
            }
            _ => Class::Breaking,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Side::Request => "request body",
            Side::Response => "response body",
        }
    }
}

/// A path or query parameter's type: what was accepted and what is now. Parameters are text in
/// a URL, so `string` takes every value of every other type.
pub(super) fn compare_param(
    what: &str,
    name: &str,
    old: ParamType,
    new: ParamType,
    route: &str,
    report: &mut Report,
) {
    let Some(direction) = relation(param_scalar(old), param_scalar(new), true) else {
        return;
    };
    let (code, verb) = match direction {
        Direction::Narrowed => ("param-type-narrowed", "narrowed"),
        Direction::Widened => ("param-type-widened", "widened"),
        Direction::Changed => ("param-type-changed", "changed"),
    };
    report.note(
        Side::Request.class(direction),
        code,
        format!(
            "{what} `{name}` {verb} from {} to {}",
            param_scalar(old).name(),
            param_scalar(new).name()
        ),
        route,
    );
}

fn param_scalar(ty: ParamType) -> Scalar {
    match ty {
        ParamType::String => Scalar::String,
        ParamType::Bool => Scalar::Bool,
        ParamType::U8 => Scalar::U8,
        ParamType::U16 => Scalar::U16,
        ParamType::U32 => Scalar::U32,
        ParamType::U64 => Scalar::U64,
        ParamType::I32 => Scalar::I32,
        ParamType::I64 => Scalar::I64,
        ParamType::F64 => Scalar::F64,
    }
}

/// How `new` compares with `old`, `None` when they take the same values. In JSON (`text`
/// false), a number is never a string; in a URL (`text` true), every value is one.
fn relation(old: Scalar, new: Scalar, text: bool) -> Option<Direction> {
    if old == new {
        return None;
    }
    if text && new == Scalar::String {
        return Some(Direction::Widened);
    }
    if text && old == Scalar::String {
        return Some(Direction::Narrowed);
    }
    Some(match (old.integer_range(), new.integer_range()) {
        (Some((old_low, old_high)), Some((new_low, new_high))) => {
            if new_low <= old_low && new_high >= old_high {
                Direction::Widened
            } else if new_low >= old_low && new_high <= old_high {
                Direction::Narrowed
            } else {
                Direction::Changed
            }
        }
        (Some(_), None) if new == Scalar::F64 => Direction::Widened,
        (None, Some(_)) if old == Scalar::F64 => Direction::Narrowed,
        // The formats (`uuid`, `email`…) are strings that match a format.
        _ if old.is_string() && new == Scalar::String => Direction::Widened,
        _ if new.is_string() && old == Scalar::String => Direction::Narrowed,
        _ => Direction::Changed,
    })
}

/// The request and response bodies of one route.
pub(super) fn compare_bodies(
    old: &Model,
    new: &Model,
    before: &View,
    after: &View,
    route: &str,
    report: &mut Report,
) {
    for side in [Side::Request, Side::Response] {
        let (was, is) = match side {
            Side::Request => (before.request, after.request),
            Side::Response => (before.response, after.response),
        };
        let (class, code, detail) = match (side, was, is) {
            (_, Body::None, Body::None) | (_, Body::Untyped, Body::Untyped) => continue,
            (_, Body::Typed(was), Body::Typed(is)) => {
                let mut walk = Walk {
                    side,
                    old: &old.models,
                    new: &new.models,
                    stack: Vec::new(),
                    budget: BUDGET,
                    truncated: false,
                    found: Vec::new(),
                };
                walk.ty(
                    "",
                    was,
                    &Constraints::default(),
                    is,
                    &Constraints::default(),
                );
                if walk.truncated {
                    walk.found.push((
                        Class::Change,
                        "body-not-compared",
                        String::new(),
                        format!(
                            "models nest too widely: only the first {BUDGET} types were compared"
                        ),
                    ));
                }
                for (class, code, path, what) in walk.found {
                    let at = if path.is_empty() {
                        side.name().to_string()
                    } else {
                        format!("{} `{path}`", side.name())
                    };
                    report.note(class, code, format!("{at}: {what}"), route);
                }
                continue;
            }
            (Side::Request, Body::None, Body::Untyped) => (
                Class::Breaking,
                "body-added",
                "now requires a JSON request body".to_string(),
            ),
            (Side::Request, Body::None, Body::Typed(ty)) => (
                Class::Breaking,
                "body-added",
                format!("now requires a `{ty}` request body"),
            ),
            (Side::Request, Body::Untyped, Body::Typed(ty)) => (
                Class::Breaking,
                "body-typed",
                format!("request body is now checked against `{ty}`"),
            ),
            (Side::Request, Body::Typed(ty), Body::Untyped) => (
                Class::Change,
                "body-untyped",
                format!("request body is no longer checked against `{ty}`"),
            ),
            (Side::Request, _, Body::None) => (
                Class::Change,
                "body-removed",
                "the request body is no longer read".to_string(),
            ),
            (Side::Response, Body::None, Body::Untyped) => (
                Class::Change,
                "body-added",
                "now answers with a JSON body".to_string(),
            ),
            (Side::Response, Body::None, Body::Typed(ty)) => (
                Class::Change,
                "body-added",
                format!("now answers with a `{ty}` body"),
            ),
            (Side::Response, Body::Untyped, Body::Typed(ty)) => (
                Class::Change,
                "body-typed",
                format!("response body is now typed `{ty}`"),
            ),
            (Side::Response, Body::Typed(ty), Body::Untyped) => (
                Class::Breaking,
                "body-untyped",
                format!("response body is no longer typed (was `{ty}`)"),
            ),
            (Side::Response, _, Body::None) => (
                Class::Breaking,
                "body-removed",
                "no longer answers with a body".to_string(),
            ),
        };
        report.note(class, code, detail, route);
    }
}

/// Types compared per body at most: models that nest widely (each field another model with
/// many model fields) would otherwise take exponential time.
const BUDGET: usize = 10_000;

/// One body's comparison.
struct Walk<'a> {
    side: Side,
    old: &'a [DataModel],
    new: &'a [DataModel],
    /// The model pairs being compared, to stop at recursion.
    stack: Vec<(&'a str, &'a str)>,
    budget: usize,
    /// The budget ran out before the end.
    truncated: bool,
    /// Class, code, path in the body (`owner.email`, `tags[]`), what changed.
    found: Vec<(Class, &'static str, String, String)>,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// A type as written, without its `?`.
fn shape(ty: &TypeExpr) -> String {
    FieldType {
        ty: ty.clone(),
        optional: false,
    }
    .to_string()
}

impl<'a> Walk<'a> {
    fn found(&mut self, direction: Direction, code: &'static str, path: &str, what: String) {
        self.found
            .push((self.side.class(direction), code, path.to_string(), what));
    }

    /// A type at `path` (a list item, a map value, the whole body): its `?`, then its shape.
    fn ty(
        &mut self,
        path: &str,
        old: &'a FieldType,
        old_c: &Constraints,
        new: &'a FieldType,
        new_c: &Constraints,
    ) {
        match (old.optional, new.optional, self.side) {
            (false, true, Side::Request) => {
                self.found(
                    Direction::Widened,
                    "null-allowed",
                    path,
                    "now accepts null".into(),
                );
            }
            (false, true, Side::Response) => {
                self.found(
                    Direction::Widened,
                    "null-allowed",
                    path,
                    "may now be null".into(),
                );
            }
            (true, false, Side::Request) => self.found(
                Direction::Narrowed,
                "null-refused",
                path,
                "no longer accepts null".into(),
            ),
            (true, false, Side::Response) => {
                self.found(
                    Direction::Narrowed,
                    "null-refused",
                    path,
                    "is never null now".into(),
                );
            }
            _ => {}
        }
        self.shape(path, &old.ty, old_c, &new.ty, new_c);
    }

    fn shape(
        &mut self,
        path: &str,
        old: &'a TypeExpr,
        old_c: &Constraints,
        new: &'a TypeExpr,
        new_c: &Constraints,
    ) {
        if self.budget == 0 {
            self.truncated = true;
            return;
        }
        self.budget -= 1;
        let none = Constraints::default();
        match (old, new) {
            (TypeExpr::Scalar(was), TypeExpr::Scalar(is)) => {
                let direction = relation(*was, *is, false);
                if let Some(direction) = direction {
                    let (code, verb) = match direction {
                        Direction::Narrowed => ("type-narrowed", "narrowed"),
                        Direction::Widened => ("type-widened", "widened"),
                        Direction::Changed => ("type-changed", "changed"),
                    };
                    self.found(
                        direction,
                        code,
                        path,
                        format!("type {verb} from {} to {}", was.name(), is.name()),
                    );
                }
                if direction != Some(Direction::Changed) {
                    self.constraints(path, (*was, old_c), (*is, new_c));
                }
            }
            (TypeExpr::List(was), TypeExpr::List(is)) => {
                self.minimum(path, "min_items", old_c.min_items, new_c.min_items);
                self.maximum(path, "max_items", old_c.max_items, new_c.max_items);
                self.ty(&format!("{path}[]"), was, &none, is, &none);
            }
            (TypeExpr::Map(was), TypeExpr::Map(is)) => {
                self.ty(&join(path, "*"), was, &none, is, &none);
            }
            (TypeExpr::Model(was), TypeExpr::Model(is)) => self.model(path, was, is),
            _ => self.found(
                Direction::Changed,
                "type-changed",
                path,
                format!("type changed from {} to {}", shape(old), shape(new)),
            ),
        }
    }

    /// Two models, field by field (matched by their name on the wire).
    fn model(&mut self, path: &str, old: &'a str, new: &'a str) {
        if self.stack.contains(&(old, new)) {
            return;
        }
        self.stack.push((old, new));
        let union = |models: &'a [DataModel], name: &str| {
            models
                .iter()
                .find(|m| m.name == name)
                .and_then(|m| m.union.as_ref())
        };
        match (union(self.old, old), union(self.new, new)) {
            (None, None) => {}
            (Some(was), Some(is)) => {
                self.union(path, was, is);
                self.stack.pop();
                return;
            }
            _ => {
                self.found(
                    Direction::Changed,
                    "type-changed",
                    path,
                    format!(
                        "type changed from {old} to {new} (one is a union, the other an object)"
                    ),
                );
                self.stack.pop();
                return;
            }
        }
        let fields = |models: &'a [DataModel], name: &str| -> &'a [Field] {
            models
                .iter()
                .find(|m| m.name == name)
                .map_or(&[], |m| m.fields.as_slice())
        };
        let (was, is) = (fields(self.old, old), fields(self.new, new));
        for field in was {
            let at = join(path, &field.name);
            match is.iter().find(|f| f.name == field.name) {
                Some(now) => self.field(&at, field, now),
                None => match self.side {
                    Side::Request => self.found.push((
                        Class::Change,
                        "field-removed",
                        at,
                        "field removed (the server ignores it now)".into(),
                    )),
                    Side::Response if field.ty.optional => self.found.push((
                        Class::Change,
                        "field-removed",
                        at,
                        "optional field removed (clients already handle its absence)".into(),
                    )),
                    Side::Response => self.found.push((
                        Class::Breaking,
                        "field-removed",
                        at,
                        "field removed".into(),
                    )),
                },
            }
        }
        for field in is {
            if was.iter().any(|f| f.name == field.name) {
                continue;
            }
            let at = join(path, &field.name);
            let (class, what) = match self.side {
                Side::Request if field.required() => (Class::Breaking, "new required field"),
                Side::Request => (Class::Change, "new optional field"),
                Side::Response => (Class::Change, "new field"),
            };
            self.found.push((
                class,
                "field-added",
                at,
                format!("{what} of type {}", field.ty),
            ));
        }
        self.stack.pop();
    }

    /// Two unions, member by member (matched by shape: the same model name, or the same type):
    /// a member gone takes values away, a new one adds them; members in both are compared.
    fn union(&mut self, path: &str, was: &'a crate::model::Union, is: &'a crate::model::Union) {
        if was.discriminator != is.discriminator {
            self.found(
                Direction::Changed,
                "type-changed",
                path,
                format!(
                    "discriminator changed from {} to {}",
                    was.discriminator.as_deref().unwrap_or("none"),
                    is.discriminator.as_deref().unwrap_or("none")
                ),
            );
        }
        let none = Constraints::default();
        for member in &was.members {
            let at = join(path, &member.variant);
            match is.members.iter().find(|m| m.ty == member.ty) {
                Some(now) => self.ty(&at, &member.ty, &none, &now.ty, &none),
                None => self.found(
                    Direction::Narrowed,
                    "member-removed",
                    path,
                    format!("union member {} removed", member.ty),
                ),
            }
        }
        for member in &is.members {
            if !was.members.iter().any(|m| m.ty == member.ty) {
                self.found(
                    Direction::Widened,
                    "member-added",
                    path,
                    format!("union member {} added", member.ty),
                );
            }
        }
    }

    /// A field in both: whether it must be there, its `?`, its default, then its shape.
    fn field(&mut self, path: &str, old: &'a Field, new: &'a Field) {
        match self.side {
            Side::Request => {
                // What the client must send: the field unless it has a default or a `?`.
                match (old.required(), new.required()) {
                    (false, true) => self.found(
                        Direction::Narrowed,
                        "field-required",
                        path,
                        "is now required".into(),
                    ),
                    (true, false) => self.found(
                        Direction::Widened,
                        "field-optional",
                        path,
                        "is now optional".into(),
                    ),
                    _ => match (old.ty.optional, new.ty.optional) {
                        (true, false) => self.found(
                            Direction::Narrowed,
                            "null-refused",
                            path,
                            "no longer accepts null".into(),
                        ),
                        (false, true) => self.found(
                            Direction::Widened,
                            "null-allowed",
                            path,
                            "now accepts null".into(),
                        ),
                        _ => {}
                    },
                }
                if !new.required() && !old.required() && old.default != new.default {
                    let show = |d: &Option<serde_json::Value>| {
                        d.as_ref().map_or("none".to_string(), |v| format!("`{v}`"))
                    };
                    self.found.push((
                        Class::Change,
                        "default-changed",
                        path.to_string(),
                        format!(
                            "default changed from {} to {}",
                            show(&old.default),
                            show(&new.default)
                        ),
                    ));
                }
            }
            // What the client gets: the server always sends a field without `?`.
            Side::Response => match (old.ty.optional, new.ty.optional) {
                (false, true) => self.found(
                    Direction::Widened,
                    "field-optional",
                    path,
                    "may now be absent or null".into(),
                ),
                (true, false) => self.found(
                    Direction::Narrowed,
                    "field-required",
                    path,
                    "is now always present".into(),
                ),
                _ => {}
            },
        }
        self.shape(
            path,
            &old.ty.ty,
            &old.constraints,
            &new.ty.ty,
            &new.constraints,
        );
    }

    /// The constraints of two scalars of one family (strings, or numbers).
    fn constraints(
        &mut self,
        path: &str,
        old: (Scalar, &Constraints),
        new: (Scalar, &Constraints),
    ) {
        let ((was, old), (is, new)) = (old, new);
        if was.is_string() && is.is_string() {
            self.minimum(path, "min_length", old.min_length, new.min_length);
            self.maximum(path, "max_length", old.max_length, new.max_length);
            match (&old.pattern, &new.pattern) {
                (None, Some(p)) => self.found(
                    Direction::Narrowed,
                    "constraint-narrowed",
                    path,
                    format!("pattern `{p}` added"),
                ),
                (Some(p), None) => self.found(
                    Direction::Widened,
                    "constraint-widened",
                    path,
                    format!("pattern `{p}` dropped"),
                ),
                (Some(p), Some(q)) if p != q => self.found(
                    Direction::Changed,
                    "constraint-changed",
                    path,
                    format!("pattern changed from `{p}` to `{q}`"),
                ),
                _ => {}
            }
            self.allowed(path, &old.allowed, &new.allowed);
        }
        if was.is_number() && is.is_number() {
            let (old_low, new_low) = (lower(was, old), lower(is, new));
            match (&old_low, &new_low) {
                (None, Some(b)) => self.found(
                    Direction::Narrowed,
                    "constraint-narrowed",
                    path,
                    format!("lower bound `{}` added", b.text),
                ),
                (Some(b), None) => self.found(
                    Direction::Widened,
                    "constraint-widened",
                    path,
                    format!("lower bound `{}` dropped", b.text),
                ),
                (Some(a), Some(b)) if b.tighter_low(a) => self.found(
                    Direction::Narrowed,
                    "constraint-narrowed",
                    path,
                    format!("lower bound raised from `{}` to `{}`", a.text, b.text),
                ),
                (Some(a), Some(b)) if a.tighter_low(b) => self.found(
                    Direction::Widened,
                    "constraint-widened",
                    path,
                    format!("lower bound lowered from `{}` to `{}`", a.text, b.text),
                ),
                _ => {}
            }
            let (old_high, new_high) = (upper(was, old), upper(is, new));
            match (&old_high, &new_high) {
                (None, Some(b)) => self.found(
                    Direction::Narrowed,
                    "constraint-narrowed",
                    path,
                    format!("upper bound `{}` added", b.text),
                ),
                (Some(b), None) => self.found(
                    Direction::Widened,
                    "constraint-widened",
                    path,
                    format!("upper bound `{}` dropped", b.text),
                ),
                (Some(a), Some(b)) if b.tighter_high(a) => self.found(
                    Direction::Narrowed,
                    "constraint-narrowed",
                    path,
                    format!("upper bound lowered from `{}` to `{}`", a.text, b.text),
                ),
                (Some(a), Some(b)) if a.tighter_high(b) => self.found(
                    Direction::Widened,
                    "constraint-widened",
                    path,
                    format!("upper bound raised from `{}` to `{}`", a.text, b.text),
                ),
                _ => {}
            }
        }
    }

    /// `min_length`, `min_items`: absent is 0.
    fn minimum(&mut self, path: &str, name: &str, old: Option<u64>, new: Option<u64>) {
        let (was, is) = (old.unwrap_or(0), new.unwrap_or(0));
        match (was, is) {
            _ if was == is => {}
            (0, is) => self.found(
                Direction::Narrowed,
                "constraint-narrowed",
                path,
                format!("{name} {is} added"),
            ),
            (was, 0) => self.found(
                Direction::Widened,
                "constraint-widened",
                path,
                format!("{name} {was} dropped"),
            ),
            _ if is > was => self.found(
                Direction::Narrowed,
                "constraint-narrowed",
                path,
                format!("{name} raised from {was} to {is}"),
            ),
            _ => self.found(
                Direction::Widened,
                "constraint-widened",
                path,
                format!("{name} lowered from {was} to {is}"),
            ),
        }
    }

    /// `max_length`, `max_items`: absent is no limit.
    fn maximum(&mut self, path: &str, name: &str, old: Option<u64>, new: Option<u64>) {
        match (old, new) {
            (None, Some(is)) => self.found(
                Direction::Narrowed,
                "constraint-narrowed",
                path,
                format!("{name} {is} added"),
            ),
            (Some(was), None) => self.found(
                Direction::Widened,
                "constraint-widened",
                path,
                format!("{name} {was} dropped"),
            ),
            (Some(was), Some(is)) if is < was => self.found(
                Direction::Narrowed,
                "constraint-narrowed",
                path,
                format!("{name} lowered from {was} to {is}"),
            ),
            (Some(was), Some(is)) if is > was => self.found(
                Direction::Widened,
                "constraint-widened",
                path,
                format!("{name} raised from {was} to {is}"),
            ),
            _ => {}
        }
    }

    /// `enum`: empty is any string.
    fn allowed(&mut self, path: &str, old: &[String], new: &[String]) {
        let list = |values: &mut dyn Iterator<Item = &String>| {
            values
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let (was, is): (BTreeSet<&String>, BTreeSet<&String>) =
            (old.iter().collect(), new.iter().collect());
        match (was.is_empty(), is.is_empty()) {
            (true, true) => {}
            (true, false) => self.found(
                Direction::Narrowed,
                "constraint-narrowed",
                path,
                format!("now limited to enum {}", list(&mut new.iter())),
            ),
            (false, true) => self.found(
                Direction::Widened,
                "constraint-widened",
                path,
                format!("enum {} dropped: any string now", list(&mut old.iter())),
            ),
            (false, false) => {
                let removed: Vec<&String> = old.iter().filter(|v| !is.contains(v)).collect();
                let added: Vec<&String> = new.iter().filter(|v| !was.contains(v)).collect();
                if !removed.is_empty() {
                    let s = if removed.len() == 1 { "" } else { "s" };
                    self.found(
                        Direction::Narrowed,
                        "enum-value-removed",
                        path,
                        format!("enum value{s} {} removed", list(&mut removed.into_iter())),
                    );
                }
                if !added.is_empty() {
                    let s = if added.len() == 1 { "" } else { "s" };
                    self.found(
                        Direction::Widened,
                        "enum-value-added",
                        path,
                        format!("enum value{s} {} added", list(&mut added.into_iter())),
                    );
                }
            }
        }
    }
}

/// A numeric bound: its value, whether the value itself is excluded, and how it was written.
struct Bound {
    value: f64,
    strict: bool,
    text: String,
}

impl Bound {
    /// As a lower bound, this admits fewer values than `other`.
    fn tighter_low(&self, other: &Bound) -> bool {
        self.value > other.value || (self.value == other.value && self.strict && !other.strict)
    }

    /// As an upper bound, this admits fewer values than `other`.
    fn tighter_high(&self, other: &Bound) -> bool {
        self.value < other.value || (self.value == other.value && self.strict && !other.strict)
    }
}

/// The tighter of `ge` and `gt` (for integers, `gt 0` is `ge 1`).
fn lower(scalar: Scalar, c: &Constraints) -> Option<Bound> {
    let integer = scalar.integer_range().is_some();
    let bound = |n: &Option<Number>, op: &str, strict: bool| {
        let value = n.as_ref()?.as_f64()?;
        let (value, strict) = match (integer, strict) {
            (true, true) => (value.floor() + 1.0, false),
            (true, false) => (value.ceil(), false),
            (false, _) => (value, strict),
        };
        Some(Bound {
            value,
            strict,
            text: format!("{op} {}", n.as_ref()?),
        })
    };
    match (bound(&c.ge, "ge", false), bound(&c.gt, "gt", true)) {
        (Some(a), Some(b)) => Some(if b.tighter_low(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}

/// The tighter of `le` and `lt` (for integers, `lt 10` is `le 9`).
fn upper(scalar: Scalar, c: &Constraints) -> Option<Bound> {
    let integer = scalar.integer_range().is_some();
    let bound = |n: &Option<Number>, op: &str, strict: bool| {
        let value = n.as_ref()?.as_f64()?;
        let (value, strict) = match (integer, strict) {
            (true, true) => (value.ceil() - 1.0, false),
            (true, false) => (value.floor(), false),
            (false, _) => (value, strict),
        };
        Some(Bound {
            value,
            strict,
            text: format!("{op} {}", n.as_ref()?),
        })
    };
    match (bound(&c.le, "le", false), bound(&c.lt, "lt", true)) {
        (Some(a), Some(b)) => Some(if b.tighter_high(&a) { b } else { a }),
        (a, b) => a.or(b),
    }
}
