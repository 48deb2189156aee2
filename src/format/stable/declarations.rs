//! Declarations rustfmt sorts: a file's header (its comments, inner docs and groups of `use`
//! and `mod` declarations, each group in rustfmt's order), and the `pub mod name;` list and
//! `pub use name::name;` re-exports of `src/handlers/mod.rs`.

use crate::layout::{MAX_WIDTH, is_identifier, module_order, version_order};
use std::cmp::Ordering;

/// The lines of a file's header at the start of `lines`: comments at the margin, inner doc
/// comments (`//!`), inner attributes allowing one lint and single blank lines, then groups of
/// `use` or `mod` declarations, one blank line between two groups, each group in the order
/// rustfmt sorts it into. `None` when `lines` do not start with a header (no inner doc
/// comment, and no blank line before the declarations) or when the header is not one rustfmt
/// leaves as it is; else how many lines it takes (then comes nothing, or a blank line and the
/// file's first item).
pub(super) fn header(lines: &[&str]) -> Option<usize> {
    let mut i = 0;
    let mut inner_doc = false;
    while let Some(line) = lines.get(i) {
        if line.is_empty() {
            // rustfmt keeps at most one blank line, and none at the top of a file.
            if i == 0 || lines[i - 1].is_empty() {
                return None;
            }
        } else if *line == "//!" || line.starts_with("//! ") {
            inner_doc = true;
        } else if is_inner_allow(line) {
            // `#![allow(clippy::type_complexity)]` (`src/models.rs`, `src/api.rs`).
        } else if !super::is_margin_comment(line) {
            break;
        }
        i += 1;
    }
    // A comment directly above declarations is not a header (the re-exports of
    // `src/handlers/mod.rs`: [`export_list`]).
    let separated = inner_doc || lines[..i].contains(&"");
    if i > 0 && lines[i - 1].is_empty() && lines.get(i).is_none_or(|l| declaration(l).is_none()) {
        // The blank line before the first item.
        i -= 1;
    }
    let mut groups = 0;
    let mut group = Vec::new();
    loop {
        match lines.get(i).and_then(|line| declaration(line)) {
            Some(next) => group.push(next),
            None if group.is_empty() => break,
            None => {
                if !sorted_group(&group) {
                    return None;
                }
                group.clear();
                groups += 1;
                // One blank line, then the next group.
                if lines.get(i) != Some(&"")
                    || lines.get(i + 1).is_none_or(|l| declaration(l).is_none())
                {
                    break;
                }
            }
        }
        i += 1;
    }
    let ends = lines.get(i).is_none_or(|line| line.is_empty());
    (separated && ends && (inner_doc || groups > 0)).then_some(i)
}

/// An inner attribute that allows one lint, `#![allow(clippy::type_complexity)]`: rustfmt
/// leaves it as it is.
fn is_inner_allow(line: &str) -> bool {
    line.strip_prefix("#![allow(")
        .and_then(|rest| rest.strip_suffix(")]"))
        .is_some_and(|lint| {
            !lint.is_empty()
                && lint
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == ':')
        })
}

/// A `use` or `mod` declaration on one line that fits: its kind and what rustfmt sorts it by.
#[derive(Debug, PartialEq)]
enum Declaration<'a> {
    Use(Vec<Segment<'a>>),
    Mod(&'a str),
}

/// One segment of a `use` path, in the order rustfmt sorts segments in (measured: `self`,
/// `super`, `crate`, names by version sorting, a glob, a list).
#[derive(Debug, PartialEq)]
enum Segment<'a> {
    SelfModule,
    Super,
    Crate,
    Name(&'a str),
    Glob,
    List,
}

impl Segment<'_> {
    fn rank(&self) -> u8 {
        match self {
            Segment::SelfModule => 0,
            Segment::Super => 1,
            Segment::Crate => 2,
            Segment::Name(_) => 3,
            Segment::Glob => 4,
            Segment::List => 5,
        }
    }

    /// Strictly before `other`; `None` when rustfmt's order of the two is not known here (two
    /// lists).
    fn before(&self, other: &Segment) -> Option<Ordering> {
        match (self, other) {
            (Segment::Name(a), Segment::Name(b)) => Some(version_order(a, b)),
            (Segment::List, Segment::List) => None,
            _ => Some(self.rank().cmp(&other.rank())),
        }
    }
}

/// `use a::b::c;`, `use a::{b, c};`, `use a::*;` (or `pub use`), or `mod name;` (or `pub mod`),
/// on a line that fits; a list holds names only, `self` first and the rest by version sorting,
/// one space after each comma. Anything else (`as`, nested lists, attributes) is `None`.
fn declaration(line: &str) -> Option<Declaration<'_>> {
    if line.len() >= MAX_WIDTH {
        return None;
    }
    let line = line.strip_prefix("pub ").unwrap_or(line);
    if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
        return is_identifier(name).then_some(Declaration::Mod(name));
    }
    let path = line.strip_prefix("use ")?.strip_suffix(';')?;
    let (path, list) = match path.split_once("::{") {
        Some((path, list)) => (path, Some(list.strip_suffix('}')?)),
        None => (path, None),
    };
    let mut segments = Vec::new();
    for (k, segment) in path.split("::").enumerate() {
        segments.push(match segment {
            "self" if k == 0 => Segment::SelfModule,
            "super" if k == 0 => Segment::Super,
            "crate" if k == 0 => Segment::Crate,
            "*" => Segment::Glob,
            name if is_identifier(name) && !matches!(name, "self" | "super" | "crate") => {
                Segment::Name(name)
            }
            _ => return None,
        });
    }
    if segments[..segments.len() - 1].contains(&Segment::Glob)
        || segments.len() < 2 && list.is_none()
    {
        return None;
    }
    if let Some(list) = list {
        let names: Vec<&str> = list.split(", ").collect();
        let first = usize::from(names.first() == Some(&"self"));
        let names_ok = names.len() > 1
            && names[first..]
                .iter()
                .all(|name| is_identifier(name) && !matches!(*name, "self" | "super" | "crate"))
            && names[first..]
                .windows(2)
                .all(|pair| version_order(pair[0], pair[1]) == Ordering::Less);
        if !names_ok {
            return None;
        }
        segments.push(Segment::List);
    }
    Some(Declaration::Use(segments))
}

/// Consecutive declarations of one kind, each strictly before the next in rustfmt's order
/// (`mod` by name, `use` by path, a path before the longer paths it starts), whatever their
/// visibility (rustfmt sorts `pub use` among `use`).
fn sorted_group(declarations: &[Declaration]) -> bool {
    declarations
        .windows(2)
        .all(|pair| match (&pair[0], &pair[1]) {
            (Declaration::Mod(a), Declaration::Mod(b)) => module_order(a, b) == Ordering::Less,
            (Declaration::Use(a), Declaration::Use(b)) => {
                for (x, y) in a.iter().zip(b) {
                    match x.before(y) {
                        Some(Ordering::Less) => return true,
                        Some(Ordering::Equal) => {}
                        _ => return false,
                    }
                }
                a.len() < b.len()
            }
            _ => false,
        })
}

/// A name rustfmt sorts as the plan did: a lowercase ASCII identifier.
fn is_plain_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'_')
}

/// `pub mod name;` lines, the names in `crate::layout::module_order`, each once.
pub(super) fn module_list(lines: &[&str]) -> bool {
    sorted(
        lines,
        |line| line.strip_prefix("pub mod ")?.strip_suffix(';'),
        module_order,
    )
}

/// `pub use name::name;` lines, the names in `crate::layout::version_order`, each once.
pub(super) fn export_list(lines: &[&str]) -> bool {
    sorted(
        lines,
        |line| {
            let (module, name) = line
                .strip_prefix("pub use ")?
                .strip_suffix(';')?
                .split_once("::")?;
            (module == name).then_some(name)
        },
        version_order,
    )
}

fn sorted<'a>(
    lines: &[&'a str],
    name: impl Fn(&'a str) -> Option<&'a str>,
    order: fn(&str, &str) -> Ordering,
) -> bool {
    let Some(names) = lines
        .iter()
        .map(|line| name(line))
        .collect::<Option<Vec<_>>>()
    else {
        return false;
    };
    !names.is_empty()
        && names
            .iter()
            .all(|name| is_plain_name(name) && name.len() < 90)
        && names
            .windows(2)
            .all(|pair| order(pair[0], pair[1]) == Ordering::Less)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_header_is_known_only_in_rustfmt_order() {
        let text = "// @generated by axumgen.\n\n//! Docs.\n\nuse self::y;\nuse super::x;\nuse crate::app;\nuse crate::app::X;\nuse crate::*;\nuse crate::{a, b};\nuse Zed::a;\npub use a::b;\nuse a::b::c;\nuse axum::{Json, extract};\n\npub mod C;\nmod a;\npub mod b;\n\nfn f() {}";
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(header(&lines), Some(lines.len() - 2));
        let swapped = |a: &str, b: &str| {
            let text = text.replace(a, "@").replace(b, a).replace('@', b);
            header(&text.split('\n').collect::<Vec<_>>())
        };
        // Each pair as rustfmt measured it, the other way round.
        for (a, b) in [
            ("use self::y;", "use super::x;"),
            ("use crate::app;", "use crate::app::X;"),
            ("use crate::*;", "use crate::{a, b};"),
            ("use Zed::a;", "pub use a::b;"),
            ("pub mod C;", "mod a;"),
        ] {
            assert_eq!(swapped(a, b), None, "{b} before {a}");
        }
        for odd in [
            ("{Json, extract}", "{extract, Json}"),
            ("{Json, extract}", "{Json,extract}"),
            ("{Json, extract}", "{Json}"),
            ("use Zed::a;", "use Zed::a as b;"),
            ("\n\npub mod C;", "\n\n\npub mod C;"),
            ("mod a;", "#[cfg(test)]\nmod a;"),
            (
                "use a::b::c;",
                "use a::b::cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc;",
            ),
        ] {
            assert_eq!(swapped(odd.0, odd.1), None, "{}", odd.1);
        }
        // A comment directly above declarations is not a header.
        assert_eq!(header(&["// Each handler.", "pub use a::a;"]), None);
        assert_eq!(header(&["//! Docs.", "pub mod a;", "pub mod b;"]), Some(3));
    }

    #[test]
    fn a_list_is_stable_only_in_rustfmt_order() {
        assert!(module_list(&[
            "pub mod get_1;",
            "pub mod get_10;",
            "pub mod get_9;"
        ]));
        assert!(!module_list(&[
            "pub mod get_1;",
            "pub mod get_9;",
            "pub mod get_10;"
        ]));
        let exports = [
            "// Each handler by its own name.",
            "pub use get_1::get_1;",
            "pub use get_9::get_9;",
            "pub use get_10::get_10;",
        ];
        // The comment above the re-exports is read by `is_stable`, which then asks here.
        let item = |lines: &[&str]| format!("{}\n", lines.join("\n"));
        assert!(super::super::is_stable(&item(&exports)));
        assert!(!super::super::is_stable(&item(&[
            exports[0], exports[1], exports[3], exports[2]
        ])));
        assert!(export_list(&exports[1..]));
        assert!(!export_list(&["pub use a::b;"]));
        assert!(!module_list(&["pub mod Get;"]));
    }
}
