//! Items the templates write the same way for every spec (the smoke test's helpers, the
//! configuration loader, `main`'s start-up…), known to be what rustfmt makes of them: the
//! formatting stage keeps them as rendered, so with the items `stable` recognises, a typical
//! spec hands rustfmt one item: its app's routes and middleware stack (`src/app.rs`'s `build`).
//!
//! An item is known by the SHA-256 of its text *normalized*: the text of each comment line at
//! the margin is dropped (rustfmt never changes a comment's text, and the file header names the
//! spec), and the service's crate name and package name are replaced by placeholders.
//! `known_formatted.txt` lists the digests; `tests/preformatted.rs` writes it
//! (`AXUMGEN_UPDATE_KNOWN=1`) and holds it true on every run: every item it lists is rendered
//! identically from two specs of the suite or more, and rustfmt leaves it exactly as it is with
//! every name length a service may have (1 to 64 characters, in the first and last letters of
//! the alphabet), or with every length up to the one the list gives beside it. An item whose
//! crate name shares a group of `use` declarations with another crate is never listed (rustfmt
//! sorts the group by name, so its order depends on the name).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The digests of the known items, one a line (`tests/preformatted.rs` writes it), each
/// followed by the longest service name it is known formatted with when that is not every
/// name (an item holding the name, which rustfmt breaks once the name is long).
pub const LIST: &str = include_str!("known_formatted.txt");

/// What a crate name (`my_service`) becomes in a normalized item.
pub const CRATE: &str = "@crate@";
/// What a package name (`my-service`) becomes in a normalized item, where it differs.
pub const PACKAGE: &str = "@package@";

/// Whether `item`, rendered for the package `package`, is a known item.
pub fn is_known(item: &str, package: &str) -> bool {
    static KNOWN: OnceLock<HashMap<&'static str, usize>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        LIST.lines()
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(|line| match line.split_once(' ') {
                Some((digest, longest)) => (digest, longest.parse().unwrap_or(0)),
                None => (line, usize::MAX),
            })
            .collect()
    });
    !known.is_empty()
        && known
            .get(digest(&normalize(item, package)).as_str())
            .is_some_and(|&longest| package.len() <= longest)
}

/// `item` with its margin comments emptied and the package's names replaced by placeholders.
pub fn normalize(item: &str, package: &str) -> String {
    let crate_name = package.replace('-', "_");
    // The binary's path, `env!("CARGO_BIN_EXE_<package>")`, glues the name to a prefix.
    let binary = format!("\"CARGO_BIN_EXE_{package}\"");
    let binary_placeholder = format!("\"CARGO_BIN_EXE_{PACKAGE}\"");
    let mut out = String::with_capacity(item.len());
    for line in item.split_inclusive('\n') {
        if line.starts_with("//") {
            // `//`, `///` or `//!`, kept (a doc comment is not a plain one), its text dropped.
            let marker = line.len() - line.trim_start_matches(['/', '!']).len();
            out.push_str(&line[..marker.min(3)]);
            out.push('\n');
            continue;
        }
        let line = line.replace(&binary, &binary_placeholder);
        let line = replace_word(&line, package, PACKAGE);
        out.push_str(&replace_word(&line, &crate_name, CRATE));
    }
    out
}

/// Whether `word` occurs in `text` as a whole name (no letter, digit, `_` or `-` beside it):
/// what [`normalize`] replaces. `tests/preformatted.rs` asks it of the templates, to leave out
/// of the list a spec whose name is also a word of theirs.
pub fn contains_word(text: &str, word: &str) -> bool {
    !word.is_empty()
        && text
            .match_indices(word)
            .any(|(at, _)| is_whole_word(text, at, word.len()))
}

/// Whether the `len` bytes at `at` in `text` are a whole name, not part of a longer one.
fn is_whole_word(text: &str, at: usize, len: usize) -> bool {
    let is_name = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    !text[..at].chars().next_back().is_some_and(is_name)
        && !text[at + len..].chars().next().is_some_and(is_name)
}

/// `text` with every occurrence of `word` that is a whole name replaced by `with`.
fn replace_word(text: &str, word: &str, with: &str) -> String {
    if word.is_empty() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (at, _) in text.match_indices(word) {
        out.push_str(&text[last..at]);
        out.push_str(if is_whole_word(text, at, word.len()) {
            with
        } else {
            word
        });
        last = at + word.len();
    }
    out.push_str(&text[last..]);
    out
}

/// The SHA-256 of `text`, in lowercase hexadecimal.
pub fn digest(text: &str) -> String {
    crate::digest::sha256_hex(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_lose_their_text_and_names_become_placeholders() {
        let item = "// @generated from a.yaml\n//! The my-service server.\nuse my_service::Config;\nconst B: &str = env!(\"CARGO_BIN_EXE_my-service\");\nlet x = my_service_extra::y;\n";
        assert_eq!(
            normalize(item, "my-service"),
            "//\n//!\nuse @crate@::Config;\nconst B: &str = env!(\"CARGO_BIN_EXE_@package@\");\nlet x = my_service_extra::y;\n"
        );
    }

    #[test]
    fn a_package_without_a_hyphen_is_its_crate_name() {
        assert_eq!(
            normalize("use shop::Config;\nenv!(\"CARGO_BIN_EXE_shop\")\n", "shop"),
            "use @package@::Config;\nenv!(\"CARGO_BIN_EXE_@package@\")\n"
        );
    }
}
