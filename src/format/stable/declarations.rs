//! The declarations of `src/handlers/mod.rs`: its `pub mod name;` list and its
//! `pub use name::name;` re-exports, each in the order rustfmt sorts them into.

use crate::layout::{module_order, version_order};
use std::cmp::Ordering;

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
