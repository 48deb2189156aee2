//! Parsing a large spec on two cores: the text up to a router in the middle of its `routers:`
//! list on one, the routers from there on the other, joined back into one [`Spec`].
//!
//! Only a spec shaped as `axumgen import` writes one qualifies (`routers:` is its last key, a
//! block list whose items start a line at one indentation, no document markers or directives),
//! and only when both parts parse is their join used; anything else is parsed whole, so every
//! diagnostic comes from the whole text. The join is the whole text's parse:
//! - The first part is a prefix of the text, so its spans are the whole's. It ends just before
//!   an item's `- ` at the list's indentation, where every block scalar, plain scalar or nested
//!   node of the item before has ended; a quoted scalar or flow collection still open there
//!   leaves the prefix unterminated, and the part fails.
//! - The second part is the text with every byte before the cut blanked (a space, line breaks
//!   kept) except the `routers:` line, so its spans, lines and columns are the whole's too, and
//!   its parser meets the items from the cut on as the whole's does, at the start of an item.
//! - An anchor in one part named by an alias in the other fails that part. serde-saphyr's
//!   budgets that count (events, nodes, aliases, bytes) are halved for each part, so a text over
//!   a budget has a part over half of it and is parsed whole, to fail there as before.
//!
//! `tests/spec_parts.rs` holds the join to the whole parse on every spec of the suite, GitHub's
//! API included, and on texts built to break each of these points.

use super::types::{RouterSpec, Spec};

/// Texts shorter than this are parsed whole: a second thread would not pay for itself.
pub const MIN_BYTES: usize = 64 * 1024;

/// The second part: only routers.
#[derive(serde::Deserialize)]
struct Routers {
    routers: Vec<RouterSpec>,
}

/// `text` parsed in two parts on two threads, when it has that shape and is at least
/// `min_bytes` long; `None` means "parse it whole" (a part failed, or the shape is not that).
pub fn parse_in_parts(text: &str, min_bytes: usize) -> Option<Spec> {
    if text.len() < min_bytes {
        return None;
    }
    let (routers_line, cut) = cut(text)?;
    let routers_key = routers_line..routers_line + "routers:".len();
    let mut second = text.as_bytes()[..cut].to_vec();
    for (at, byte) in second.iter_mut().enumerate() {
        if *byte != b'\n' && !routers_key.contains(&at) {
            *byte = b' ';
        }
    }
    second.extend_from_slice(&text.as_bytes()[cut..]);
    let second = String::from_utf8(second).ok()?;
    let (first, rest) = std::thread::scope(|scope| {
        let rest =
            scope.spawn(|| serde_saphyr::from_str_with_options::<Routers>(&second, part_options()));
        let first = serde_saphyr::from_str_with_options::<Spec>(&text[..cut], part_options());
        let rest = rest
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (first, rest)
    });
    let (mut spec, rest) = (first.ok()?, rest.ok()?);
    // Each part's routers come from where the scan found them: the first part's after the
    // `routers:` line (not, say, from a flow mapping, that line being inside a string), the
    // second's from the cut on.
    let after =
        |routers: &[RouterSpec], at: usize| routers.first().is_some_and(|r| r.name.span.start > at);
    if !after(&spec.routers, routers_line) || !after(&rest.routers, cut) {
        return None;
    }
    spec.routers.extend(rest.routers);
    Some(spec)
}

/// Where the text's last key, `routers:`, starts, and the start of the line of the item of its
/// list nearest the middle of the text (not its first item). `None` when the text does not
/// have that shape.
fn cut(text: &str) -> Option<(usize, usize)> {
    let mut routers_line = None;
    let mut item_prefix: Option<&str> = None;
    let mut best: Option<usize> = None;
    let middle = text.len() / 2;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
            return None;
        }
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if !content.starts_with(' ') {
            // A key at the margin: `routers:` must be the last one, written once.
            if routers_line.is_some() {
                return None;
            }
            if content == "routers:" {
                routers_line = Some(start);
            }
            continue;
        }
        if routers_line.is_none() {
            continue;
        }
        match item_prefix {
            None => {
                let indent = content.len() - trimmed.len();
                let prefix = content.get(..indent + 2)?;
                if !prefix.ends_with("- ") {
                    return None;
                }
                item_prefix = Some(prefix);
            }
            Some(prefix) if content.starts_with(prefix) => {
                if best.is_none_or(|b| start.abs_diff(middle) < b.abs_diff(middle)) {
                    best = Some(start);
                }
            }
            Some(_) => {}
        }
    }
    Some((routers_line?, best?))
}

/// serde-saphyr's options for one part: the spec's, each counting budget halved.
fn part_options() -> serde_saphyr::Options {
    let mut options = super::errors::options();
    if let Some(budget) = options.budget.as_mut() {
        budget.max_events /= 2;
        budget.max_nodes /= 2;
        budget.max_aliases /= 2;
        budget.max_anchors /= 2;
        budget.max_total_scalar_bytes /= 2;
        budget.max_merge_keys /= 2;
        budget.max_recorded_anchor_events /= 2;
        budget.max_recorded_anchor_bytes /= 2;
        budget.max_total_property_interpolation_work /= 2;
    }
    options
}
