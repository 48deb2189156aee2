//! Whole items and their parts: a function's signature, tuple structs and fields too wide for
//! their line, and a router's chain of routes.

use super::{FN_CALL_WIDTH, MAX_WIDTH, split_top_level};

/// Whether rustfmt keeps `pub struct {name}(pub {ty});` on one line; beyond `max_width` it puts
/// the field on a line of its own (`pub struct Name(` … `    pub Type,` … `);`), which it
/// keeps while that line fits (measured).
pub fn tuple_struct_on_one_line(name: &str, ty: &str) -> bool {
    "pub struct ".len() + name.len() + "(pub ".len() + ty.len() + ");".len() <= MAX_WIDTH
}

/// An enum's tuple variant holding one `ty`, four columns in: `    Name(Type),` when it fits,
/// else the type on a line of its own (measured), else `None`.
pub fn tuple_variant(name: &str, ty: &str) -> Option<String> {
    let one_line = format!("    {name}({ty}),");
    if one_line.len() <= MAX_WIDTH {
        return Some(one_line);
    }
    let type_line = format!("        {ty},");
    (type_line.len() <= MAX_WIDTH && !ty.contains(' '))
        .then(|| format!("    {name}(\n{type_line}\n    ),"))
}

/// Whether rustfmt moves the type of the field `    pub {name}: {ty},` to a line of its own
/// (`    pub name:` then `        Type,`): the field is wider than `max_width` (measured; it
/// keeps that layout while the type's line fits).
pub fn field_type_on_next_line(name: &str, ty: &str) -> bool {
    "    pub ".len() + name.len() + ": ".len() + ty.len() + ",".len() > MAX_WIDTH
}

/// A struct's field `    pub {name}: {ty},` as rendered: [`struct_field_layout`], or on one
/// line where rustfmt's layout is not known here (rustfmt then formats the struct).
pub fn struct_field(name: &str, ty: &str) -> String {
    struct_field_layout(name, ty).unwrap_or_else(|| format!("    pub {name}: {ty},"))
}

/// A struct's field `    pub {name}: {ty},` as rustfmt lays it out (measured): on one line
/// when it fits; else the type on a line of its own while that fits
/// ([`field_type_on_next_line`]); else the type's generic arguments one a line
/// (`    pub name: Outer<`, `        Arg,`, `    >,`) while each fits; else, for a type that is
/// a plain path or has one argument that is, on one line as written, which rustfmt cannot
/// better and leaves.
/// `None` when rustfmt's layout is not known here (an argument that rustfmt would break
/// further).
pub fn struct_field_layout(name: &str, ty: &str) -> Option<String> {
    let one_line = format!("    pub {name}: {ty},");
    if !field_type_on_next_line(name, ty) {
        return Some(one_line);
    }
    let next_line = format!("        {ty},");
    if next_line.len() <= MAX_WIDTH {
        return Some(format!("    pub {name}:\n{next_line}"));
    }
    if super::is_path(ty) {
        return Some(one_line);
    }
    let (outer, inner) = ty.strip_suffix('>')?.split_once('<')?;
    let args = split_top_level(inner)?;
    let mut lines = vec![format!("    pub {name}: {outer}<")];
    for arg in &args {
        lines.push(format!("        {arg},"));
    }
    lines.push("    >,".to_string());
    if lines.iter().all(|line| line.len() <= MAX_WIDTH) {
        return Some(lines.join("\n"));
    }
    match args[..] {
        [arg] if super::is_path(arg) => Some(one_line),
        _ => None,
    }
}

/// `{head} for {name} {` (`head` such as `impl v::FromInput`), as rustfmt lays it out: on one
/// line when it fits; else `for Name` on a line of its own, four columns in, and the brace
/// alone on the next (measured). When even `    for Name` is too wide, rustfmt leaves the whole
/// item as written, so the header stays on one line.
pub fn impl_header(head: &str, name: &str) -> String {
    let one_line = format!("{head} for {name} {{");
    let for_line = format!("    for {name}");
    if one_line.len() <= MAX_WIDTH || for_line.len() > MAX_WIDTH {
        one_line
    } else {
        format!("{head}\n{for_line}\n{{")
    }
}

/// A field's `#[serde({key} = {literal})]`, four columns in, as rustfmt lays it out: on one line
/// narrower than `max_width`, else the argument on a line of its own, however wide (measured).
pub fn serde_field_attribute(key: &str, literal: &str) -> String {
    let one_line = format!("    #[serde({key} = {literal})]");
    if one_line.len() < MAX_WIDTH {
        one_line
    } else {
        format!("    #[serde(\n        {key} = {literal}\n    )]")
    }
}

/// What follows a function's `name()` of `signature` bytes (`async fn name()`, no arguments):
/// ` {` on the same line when it fits, else `{` alone on the next line while the signature
/// fits, else ` {` on the next line (rustfmt's layout, measured).
pub fn fn_brace(signature: usize) -> &'static str {
    if signature + " {".len() <= MAX_WIDTH {
        " {"
    } else if signature <= MAX_WIDTH {
        "\n{"
    } else {
        "\n {"
    }
}

/// A function's signature up to its opening brace: `head` (`pub async fn name`), the
/// parameters (`name: Type`) and `returns` (`-> Response`), as rustfmt lays it out: on one line
/// when it fits; else one parameter a line, a parameter too wide for its line with its type's
/// generic arguments one a line (measured). `None` when rustfmt's layout is not known here.
pub fn fn_signature(head: &str, params: &[String], returns: &str) -> Option<String> {
    let one_line = format!("{head}({}) {returns} {{", params.join(", "));
    if one_line.len() <= MAX_WIDTH {
        return Some(one_line);
    }
    if params.is_empty() {
        // The brace alone on the next line while the rest takes at most 101 columns (one more
        // than `max_width`: measured); else `-> Type` at the margin on the next line, its
        // brace after it while that fits.
        let without_brace = format!("{head}() {returns}");
        return if without_brace.len() <= MAX_WIDTH + 1 {
            Some(format!("{without_brace}\n{{"))
        } else if returns.len() + " {".len() <= MAX_WIDTH {
            Some(format!("{head}()\n{returns} {{"))
        } else if returns.len() <= MAX_WIDTH {
            Some(format!("{head}()\n{returns}\n{{"))
        } else {
            None
        };
    }
    let closing = format!(") {returns} {{");
    if closing.len() > MAX_WIDTH {
        return None;
    }
    let mut text = format!("{head}(\n");
    for param in params {
        let line = format!("    {param},");
        if line.len() <= MAX_WIDTH {
            text.push_str(&line);
            text.push('\n');
            continue;
        }
        let (outer, inner) = param.strip_suffix('>')?.split_once('<')?;
        text.push_str(&format!("    {outer}<\n"));
        for arg in split_top_level(inner)? {
            let line = format!("        {arg},");
            if line.len() > MAX_WIDTH {
                return None;
            }
            text.push_str(&line);
            text.push('\n');
        }
        text.push_str("    >,\n");
    }
    text.push_str(&closing);
    Some(text)
}

/// A router's routes as a function's tail expression: `Router::new()` then one
/// `.route(path, method(handler))` a route (each given as its two arguments, the path a string
/// literal, the handler a path), as rustfmt lays it out (measured on GitHub's API): one call
/// a line, each on one line when it fits, else one argument a line, and a method call too wide
/// for its line with its handler on a line of its own; when some call cannot fit its lines at
/// all (a path or a handler too long), rustfmt leaves the whole chain as written, one call a
/// line (measured on GitHub's API). `None` when rustfmt's layout is not known here: a chain
/// short enough for one line, a lone route that cannot fit, and a last call that breaks after
/// calls that fit on one line (rustfmt may join those).
pub fn route_chain(routes: &[[String; 2]]) -> Option<String> {
    let calls = |routes: &[[String; 2]]| {
        routes
            .iter()
            .map(|[path, method]| format!(".route({path}, {method})"))
            .collect::<String>()
    };
    match routes {
        [] => None,
        [route] => route_call(4, "Router::new()", route),
        _ => {
            if "Router::new()".len() + calls(routes).len() <= FN_CALL_WIDTH {
                return None;
            }
            let Some(laid) = routes
                .iter()
                .map(|route| route_call(8, "", route))
                .collect::<Option<Vec<String>>>()
            else {
                return Some(chain_as_written(routes));
            };
            let last_breaks = laid.last().is_some_and(|call| call.contains('\n'));
            let before_last = "Router::new()".len() + calls(&routes[..routes.len() - 1]).len();
            if last_breaks && before_last <= FN_CALL_WIDTH {
                return None;
            }
            Some(format!("    Router::new()\n{}", laid.join("\n")))
        }
    }
}

/// `Router::new()` then one `.route(path, method)` a line, each on one line whatever its width.
pub fn chain_as_written(routes: &[[String; 2]]) -> String {
    let lines: String = routes
        .iter()
        .map(|[path, method]| format!("\n        .route({path}, {method})"))
        .collect();
    format!("    Router::new(){lines}")
}

/// `{head}.route(path, method)`, `indent` columns in.
fn route_call(indent: usize, head: &str, [path, method]: &[String; 2]) -> Option<String> {
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let one_line = format!("{pad}{head}.route({path}, {method})");
    if one_line.len() <= MAX_WIDTH && path.len() + ", ".len() + method.len() <= FN_CALL_WIDTH {
        return Some(one_line);
    }
    let path_line = format!("{inner}{path},");
    let mut method_line = format!("{inner}{method},");
    if path_line.len() > MAX_WIDTH {
        return None;
    }
    if method_line.len() > MAX_WIDTH {
        let (function, handler) = method.strip_suffix(')')?.split_once('(')?;
        let handler_line = format!("{inner}    {handler},");
        if handler_line.len() > MAX_WIDTH {
            return None;
        }
        method_line = format!("{inner}{function}(\n{handler_line}\n{inner}),");
    }
    Some(format!(
        "{pad}{head}.route(\n{path_line}\n{method_line}\n{pad})"
    ))
}

/// rustfmt's `array_width`: an array literal whose elements take more than this goes over
/// several lines.
pub const ARRAY_WIDTH: usize = 60;
/// rustfmt's `short_array_element_width_threshold`: when every element is at most this wide,
/// a broken array is filled line by line instead of one element a line.
pub(super) const SHORT_ELEMENT_WIDTH: usize = 10;
/// A filled line of a broken array ends at this column (measured: one short of `max_width`).
const FILLED_LINE_WIDTH: usize = 99;

/// A broken array's elements when every one is short (`short_array_element_width_threshold`),
/// each followed by a comma, `inner` in: all on one line when it fits, else filled line by line
/// (rustfmt's "mixed" layout).
pub(super) fn short_elements(inner: &str, items: &[String], lines: &mut Vec<String>) {
    let all = format!("{inner}{},", items.join(", "));
    if all.len() <= MAX_WIDTH {
        lines.push(all);
        return;
    }
    let mut line = String::new();
    for item in items {
        if line.is_empty() {
            line = format!("{inner}{item},");
        } else if line.len() + " ,".len() + item.len() <= FILLED_LINE_WIDTH {
            line.push_str(&format!(" {item},"));
        } else {
            lines.push(std::mem::replace(&mut line, format!("{inner}{item},")));
        }
    }
    lines.push(line);
}

/// `{declaration} = &[items];` (`const VALUES: &'static [&'static str]`), `indent` columns in,
/// its elements ASCII string literals, as rustfmt lays it out (measured on thousands of arrays):
/// on one line when the elements take at most `array_width` (or there is one) and the line
/// fits, else the value on the next line when that line fits; else the elements on lines of
/// their own: all on one line when they fit, else filled line by line when every one is short,
/// else one a line. `None` when rustfmt's layout is not known here.
pub fn const_array(indent: usize, declaration: &str, items: &[String]) -> Option<String> {
    if !items
        .iter()
        .all(|item| item.is_ascii() && super::is_string_literal(item))
    {
        return None;
    }
    let pad = " ".repeat(indent);
    let inner = " ".repeat(indent + 4);
    let joined = items.join(", ");
    let one_line = format!("{pad}{declaration} = &[{joined}];");
    // A lone element is not held to `array_width` (measured).
    if joined.len() <= ARRAY_WIDTH || items.len() == 1 {
        if one_line.len() <= MAX_WIDTH {
            return Some(one_line);
        }
        let value = format!("{inner}&[{joined}];");
        if value.len() <= MAX_WIDTH {
            return Some(format!("{pad}{declaration} =\n{value}"));
        }
        if joined.len() <= ARRAY_WIDTH {
            return None;
        }
    }
    let mut lines = vec![format!("{pad}{declaration} = &[")];
    if items.iter().all(|item| item.len() <= SHORT_ELEMENT_WIDTH) {
        short_elements(&inner, items, &mut lines);
    } else {
        for item in items {
            let line = format!("{inner}{item},");
            if line.len() > MAX_WIDTH {
                return None;
            }
            lines.push(line);
        }
    }
    lines.push(format!("{pad}];"));
    Some(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn literals(items: &[&str]) -> Vec<String> {
        items.iter().map(|item| format!("{item:?}")).collect()
    }

    #[test]
    fn a_const_array_breaks_past_array_width_and_fills_lines_only_with_short_elements() {
        let values = |items: &[&str]| {
            const_array(4, "const VALUES: &'static [&'static str]", &literals(items))
        };
        assert_eq!(
            values(&["open", "closed"]).as_deref(),
            Some("    const VALUES: &'static [&'static str] = &[\"open\", \"closed\"];")
        );
        // 70 columns of elements: over `array_width`, all short, so on one line of their own.
        assert_eq!(
            values(&["abcdefgh"; 6]).as_deref(),
            Some(
                "    const VALUES: &'static [&'static str] = &[\n        \"abcdefgh\", \"abcdefgh\", \"abcdefgh\", \"abcdefgh\", \"abcdefgh\", \"abcdefgh\",\n    ];"
            )
        );
        // 58 columns of elements, within `array_width`, on a line of 106: the value moves.
        assert_eq!(
            values(&["abcdefgh"; 5]).as_deref(),
            Some(
                "    const VALUES: &'static [&'static str] =\n        &[\"abcdefgh\", \"abcdefgh\", \"abcdefgh\", \"abcdefgh\", \"abcdefgh\"];"
            )
        );
        let vertical = values(&[
            "analyst",
            "coordinator",
            "remediation_developer",
            "sponsor",
            "b",
        ])
        .expect("a layout");
        assert_eq!(vertical.lines().count(), 7, "{vertical}");
        let filled = values(&["abcdefgh"; 20]).expect("a layout");
        assert!(
            filled.lines().all(|line| line.len() <= FILLED_LINE_WIDTH),
            "{filled}"
        );
        assert_eq!(filled.lines().count(), 5, "{filled}");
        assert_eq!(values(&["é"]), None, "widths in columns are not known here");
        // A lone element of 65 columns: over `array_width`, but on the next line all the same.
        let lone = "a".repeat(63);
        assert!(values(&[lone.as_str()]).is_some_and(|v| v.contains(" =\n        &[\"a")));
        let longer = "a".repeat(88);
        assert_eq!(
            values(&[longer.as_str()]).map(|v| v.lines().count()),
            Some(3)
        );
    }
}
