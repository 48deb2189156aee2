//! The orders rustfmt (style edition 2024) sorts declarations in: `mod` declarations by their
//! bytes, `use` paths by version sorting (measured: `a_1 < a_9 < a_10 < a_b < a1 < ab`).

use std::cmp::Ordering;

/// rustfmt's order of consecutive `mod name;` declarations: by the names' bytes.
pub fn module_order(a: &str, b: &str) -> Ordering {
    a.cmp(b)
}

/// One piece of a name for version sorting: an underscore, digits, or a run of anything else.
#[derive(Debug, PartialEq, Eq)]
enum Chunk<'a> {
    Underscore,
    Number(&'a str),
    Text(&'a str),
}

fn chunks(name: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let mut rest = name;
    while let Some(first) = rest.chars().next() {
        let end = if first == '_' {
            chunks.push(Chunk::Underscore);
            1
        } else if first.is_ascii_digit() {
            let end = rest
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(rest.len());
            chunks.push(Chunk::Number(&rest[..end]));
            end
        } else {
            let end = rest
                .find(|c: char| c == '_' || c.is_ascii_digit())
                .unwrap_or(rest.len());
            chunks.push(Chunk::Text(&rest[..end]));
            end
        };
        rest = &rest[end..];
    }
    chunks
}

/// rustfmt's version sorting of two names (a `use` path's segments): an underscore before
/// anything else, digits before other text and by their value (more leading zeros first when
/// the values tie), other text by its bytes.
pub fn version_order(a: &str, b: &str) -> Ordering {
    let (a, b) = (chunks(a), chunks(b));
    let mut zeros = Ordering::Equal;
    for (x, y) in a.iter().zip(&b) {
        let order = match (x, y) {
            (Chunk::Underscore, Chunk::Underscore) => Ordering::Equal,
            (Chunk::Underscore, _) => Ordering::Less,
            (_, Chunk::Underscore) => Ordering::Greater,
            (Chunk::Number(x), Chunk::Number(y)) => {
                let (vx, vy) = (x.trim_start_matches('0'), y.trim_start_matches('0'));
                let by_value = vx.len().cmp(&vy.len()).then_with(|| vx.cmp(vy));
                if by_value == Ordering::Equal && zeros == Ordering::Equal {
                    zeros = y.len().cmp(&x.len());
                }
                by_value
            }
            (Chunk::Number(_), Chunk::Text(_)) => Ordering::Less,
            (Chunk::Text(_), Chunk::Number(_)) => Ordering::Greater,
            (Chunk::Text(x), Chunk::Text(y)) => x.cmp(y),
        };
        if order != Ordering::Equal {
            return order;
        }
    }
    a.len().cmp(&b.len()).then(zeros)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_as_rustfmt_sorted_them() {
        // rustfmt 1.9 (style edition 2024) on these names, shuffled.
        let mut uses = [
            "get_z10", "a1", "x2y", "get_1", "get_", "get_001", "ab", "a_10", "get_01", "a_b",
            "get__x", "get_1_a", "x10y", "get_2", "get_10a", "get_11", "a_1", "get_101", "get_a",
            "get_z9", "get1", "geta", "getz", "x_2_y", "a_9",
        ];
        let mut modules = uses;
        uses.sort_by(|a, b| version_order(a, b));
        assert_eq!(
            uses,
            [
                "a_1", "a_9", "a_10", "a_b", "a1", "ab", "get_", "get__x", "get_001", "get_01",
                "get_1", "get_1_a", "get_2", "get_10a", "get_11", "get_101", "get_a", "get_z9",
                "get_z10", "get1", "geta", "getz", "x_2_y", "x2y", "x10y",
            ]
        );
        modules.sort_by(|a, b| module_order(a, b));
        assert_eq!(
            &modules[..8],
            ["a1", "a_1", "a_10", "a_9", "a_b", "ab", "get1", "get_"]
        );
    }
}
