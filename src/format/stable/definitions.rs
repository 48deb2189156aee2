//! Definitions in `src/models.rs` and `src/api.rs` (`templates/src/models.rs.j2`,
//! `templates/src/api.rs.j2`): tuple structs, structs' fields, enums' variants, a field's
//! default function, and an enum's `WireEnum` impl with its array of values.

use super::{is_attribute, is_doc, is_type};
use crate::layout::{MAX_WIDTH, is_identifier, is_path, is_string_literal, split_top_level};

/// `pub struct Name(pub Type);` on one line (`head` after `pub struct `), or, when that is too
/// wide, the field on a line of its own (`crate::layout::tuple_struct_on_one_line`).
pub(super) fn tuple_struct(head: &str, rest: &[&str]) -> bool {
    let one_field = |name: &str, ty: &str| is_identifier(name) && is_type(ty);
    match rest {
        [] => head
            .strip_suffix(");")
            .and_then(|h| h.split_once("(pub "))
            .is_some_and(|(name, ty)| one_field(name, ty)),
        [field, ");"] => {
            let (Some(name), Some(ty)) = (
                head.strip_suffix('('),
                field
                    .strip_prefix("    pub ")
                    .and_then(|f| f.strip_suffix(',')),
            ) else {
                return false;
            };
            one_field(name, ty)
                && field.len() <= MAX_WIDTH
                && !crate::layout::tuple_struct_on_one_line(name, ty)
        }
        _ => false,
    }
}

/// A field's default (`templates/src/models.rs.j2`) from its first line on: the signature as
/// `crate::layout::fn_signature` lays it out, and the JSON literal read on one line that fits.
pub(super) fn default_function(lines: &[&str]) -> bool {
    let [signature @ .., line, "}"] = lines else {
        return false;
    };
    let joined = signature.join(" ");
    let Some((name, ty)) = joined
        .strip_prefix("fn ")
        .and_then(|s| s.strip_suffix(" {"))
        .and_then(|s| s.split_once("() -> "))
    else {
        return false;
    };
    let laid_out = crate::layout::fn_signature(&format!("fn {name}"), &[], &format!("-> {ty}"));
    name.starts_with("default_")
        && is_identifier(name)
        && is_type(ty)
        && laid_out.as_deref() == Some(signature.join("\n").as_str())
        && line.len() <= MAX_WIDTH
        && line
            .strip_prefix("    serde_json::from_str(")
            .and_then(|l| l.strip_suffix(").expect(\"axumgen check validated this default\")"))
            .is_some_and(is_string_literal)
}

/// The lines after `pub struct Name {`: documented, attributed `pub field: Type,` lines and the
/// closing `}`. A field too wide for a line is laid out as
/// `crate::layout::struct_field_layout` lays it out.
pub(super) fn struct_fields(lines: &[&str]) -> bool {
    let mut joined: Vec<&str> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(field) = line.strip_prefix("    pub ") {
            // The field's lines as `crate::layout::struct_field` lays them out: the type on the
            // next line, its generic arguments one a line, or one line (as written when wider
            // than a line).
            let (name, ty, taken) = if let Some(name) = field.strip_suffix(':') {
                let Some(ty) = lines
                    .get(i + 1)
                    .and_then(|next| next.strip_prefix("        "))
                    .and_then(|t| t.strip_suffix(','))
                else {
                    return false;
                };
                (name, ty.to_string(), 2)
            } else if let Some((name, outer)) =
                field.strip_suffix('<').and_then(|f| f.split_once(": "))
            {
                let Some(end) = lines[i..].iter().position(|l| *l == "    >,") else {
                    return false;
                };
                let args: Option<Vec<&str>> = lines[i + 1..i + end]
                    .iter()
                    .map(|l| l.strip_prefix("        ")?.strip_suffix(','))
                    .collect();
                let Some(args) = args.filter(|a| !a.is_empty()) else {
                    return false;
                };
                (name, format!("{outer}<{}>", args.join(", ")), end + 1)
            } else if line.len() > MAX_WIDTH {
                let Some((name, ty)) = field.strip_suffix(',').and_then(|f| f.split_once(": "))
                else {
                    return false;
                };
                (name, ty.to_string(), 1)
            } else {
                joined.push(line);
                i += 1;
                continue;
            };
            if !(is_identifier(name)
                && is_type(&ty)
                && crate::layout::struct_field_layout(name, &ty).as_deref()
                    == Some(lines[i..i + taken].join("\n").as_str()))
            {
                return false;
            }
            // Checked here: a well-formed one-line field stands in for its lines.
            joined.push("    pub field: u8,");
            i += taken;
            continue;
        }
        if line == "    #[serde(" {
            // An attribute too wide for its line (`crate::layout::serde_field_attribute`).
            let argument = lines.get(i + 1).and_then(|l| l.strip_prefix("        "));
            let Some((key, literal)) = argument.and_then(|a| a.split_once(" = ")) else {
                return false;
            };
            if !(is_identifier(key)
                && is_string_literal(literal)
                && lines.get(i + 2) == Some(&"    )]")
                && crate::layout::serde_field_attribute(key, literal) == lines[i..i + 3].join("\n"))
            {
                return false;
            }
            joined.push("    #[serde(a = \"b\")]");
            i += 3;
            continue;
        }
        joined.push(line);
        i += 1;
    }
    block_members(&joined, |member| {
        let Some(field) = member.strip_prefix("pub ") else {
            return false;
        };
        field
            .split_once(": ")
            .is_some_and(|(name, ty)| is_identifier(name) && is_type(ty))
    })
}

/// The lines after `pub enum Name {`: documented, attributed `Variant,` lines, or tuple
/// variants as `crate::layout::tuple_variant` lays them out (`Variant(Type),`, or the type on a
/// line of its own), and the closing `}`.
pub(super) fn enum_variants(lines: &[&str]) -> bool {
    let Some((last, members)) = lines.split_last() else {
        return false;
    };
    let (mut i, mut count) = (0, 0);
    while i < members.len() {
        let line = members[i];
        i += 1;
        if is_doc(line) || (line.starts_with("    #[") && is_attribute(line)) {
            continue;
        }
        let Some(text) = line.strip_prefix("    ") else {
            return false;
        };
        count += 1;
        if let Some(name) = text.strip_suffix(',').filter(|t| is_identifier(t)) {
            if line.len() > MAX_WIDTH || name.is_empty() {
                return false;
            }
            continue;
        }
        let (name, ty, taken) = match text.strip_suffix("),").and_then(|t| t.split_once('(')) {
            Some((name, ty)) => (name, ty.to_string(), vec![line]),
            None => {
                let (Some(name), Some(ty_line), Some(&"    ),")) =
                    (text.strip_suffix('('), members.get(i), members.get(i + 1))
                else {
                    return false;
                };
                let Some(ty) = ty_line
                    .strip_prefix("        ")
                    .and_then(|t| t.strip_suffix(','))
                else {
                    return false;
                };
                i += 2;
                (name, ty.to_string(), vec![line, ty_line, "    ),"])
            }
        };
        if !is_identifier(name)
            || !is_type(&ty)
            || crate::layout::tuple_variant(name, &ty).as_deref() != Some(taken.join("\n").as_str())
        {
            return false;
        }
    }
    *last == "}" && count > 0
}

/// The lines of a block after its opening line: at least one member line (`    member,`, within
/// `max_width`, that `member` accepts without its indent and comma), each after any doc
/// comments and attributes of its own, then the closing `}`.
fn block_members(lines: &[&str], member: impl Fn(&str) -> bool) -> bool {
    let Some((last, members)) = lines.split_last() else {
        return false;
    };
    let mut count = 0;
    for line in members {
        if is_doc(line) || (line.starts_with("    #[") && is_attribute(line)) {
            continue;
        }
        let Some(text) = line.strip_prefix("    ").and_then(|l| l.strip_suffix(',')) else {
            return false;
        };
        if line.len() > MAX_WIDTH || !member(text) {
            return false;
        }
        count += 1;
    }
    *last == "}" && count > 0
}

/// The body of `impl v::WireEnum for Name {` (`templates/src/models.rs.j2`): the values as
/// `crate::layout::const_array` lays them out, then `from_wire` as one path or a `match` of
/// one-line arms.
pub(super) fn wire_enum_body(lines: &[&str]) -> bool {
    let Some(taken) = const_array_block("const VALUES: &'static [&'static str]", lines) else {
        return false;
    };
    let rest = &lines[taken..];
    match rest {
        [
            "    fn from_wire(_value: &str) -> Self {",
            variant,
            "    }",
            "}",
        ] => variant
            .strip_prefix("        ")
            .is_some_and(|v| is_path(v) && variant.len() <= MAX_WIDTH),
        [
            "    fn from_wire(value: &str) -> Self {",
            "        match value {",
            arms @ ..,
            "        }",
            "    }",
            "}",
        ] => {
            !arms.is_empty()
                && arms.iter().all(|arm| {
                    arm.len() <= MAX_WIDTH
                        && arm
                            .strip_prefix("            ")
                            .and_then(|a| a.strip_suffix(','))
                            .and_then(|a| a.split_once(" => "))
                            .is_some_and(|(pattern, path)| {
                                (pattern == "_" || is_string_literal(pattern)) && is_path(path)
                            })
                })
        }
        _ => false,
    }
}

/// `{declaration} = &[...];` four columns in, as `crate::layout::const_array` lays it out, and
/// the blank line after it: how many lines they take.
pub(super) fn const_array_block(declaration: &str, lines: &[&str]) -> Option<usize> {
    let end = lines.iter().position(|line| line.ends_with("];"))?;
    let (values, rest) = lines.split_at(end + 1);
    if rest.first() != Some(&"") {
        return None;
    }
    let joined: String = values
        .iter()
        .map(|line| line.trim_start())
        .collect::<Vec<_>>()
        .join(" ");
    let inner = joined
        .strip_prefix(declaration)?
        .strip_prefix(" = &[")?
        .strip_suffix("];")?
        .trim();
    let inner = inner.strip_suffix(',').unwrap_or(inner);
    let literals: Vec<String> = match inner {
        "" => Vec::new(),
        _ => split_top_level(inner)?
            .iter()
            .map(|l| l.to_string())
            .collect(),
    };
    (crate::layout::const_array(4, declaration, &literals).as_deref()
        == Some(values.join("\n").as_str()))
    .then_some(values.len() + 1)
}
