//! A short string a regular expression matches, for examples: the generated tests must send a
//! value a `pattern` accepts (`^sha256:[a-f0-9]{64}$` → `sha256:000…0`).
//!
//! The expression is read with `regex-syntax` (the parser of the `regex` crate that checks the
//! pattern, and of Pydantic's): each repetition its fewest times, the first alternative, a
//! readable character of each class. The result is checked against the real regex.

use regex_syntax::hir::{Class, Hir, HirKind};

/// A string `pattern` matches, if one can be built (`None` for a pattern that does not compile,
/// or one whose shortest spelling the checks refuse, such as a word boundary).
pub fn example(pattern: &str) -> Option<String> {
    example_within(pattern, None, None)
}

/// A string `pattern` matches with between `min` and `max` characters where one can be built
/// by repeating the pattern's repetitions more than their fewest times (`[\s\S]*` with a
/// `min_length` of 1 → `0`); else the shortest string it matches, as [`example`].
pub fn example_within(pattern: &str, min: Option<u64>, max: Option<u64>) -> Option<String> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let regex = regex::Regex::new(pattern).ok()?;
    let fits = |text: &str| {
        let length = text.chars().count() as u64;
        min.is_none_or(|min| length >= min) && max.is_none_or(|max| length <= max)
    };
    let mut shortest = None;
    // Each repetition `extra` times more than its fewest; one more each time is enough to
    // reach any `min` a single open repetition can reach.
    let most_extra = min.unwrap_or(0).min(MAX_EXTRA);
    for extra in 0..=most_extra {
        let mut out = String::new();
        if write(&hir, &mut out, 0, extra).is_none() || !regex.is_match(&out) {
            continue;
        }
        if fits(&out) {
            return Some(out);
        }
        shortest.get_or_insert(out);
    }
    shortest
}

/// The most times beyond its fewest a repetition is written, looking for a long enough string.
const MAX_EXTRA: u64 = 256;

fn write(hir: &Hir, out: &mut String, depth: usize, extra: u64) -> Option<()> {
    if depth > 64 || out.len() > 4096 {
        return None;
    }
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(std::str::from_utf8(&literal.0).ok()?),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> = class
                .ranges()
                .iter()
                .filter(|r| r.start().is_ascii())
                .map(|r| (char::from(r.start()), char::from(r.end().min(0x7f))))
                .collect();
            out.push(pick(&ranges)?);
        }
        HirKind::Repetition(repetition) => {
            let most = u64::from(repetition.max.unwrap_or(u32::MAX));
            let times = (u64::from(repetition.min) + extra).min(most);
            for _ in 0..times {
                write(&repetition.sub, out, depth + 1, extra)?;
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, out, depth + 1, extra)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, out, depth + 1, extra)?;
            }
        }
        HirKind::Alternation(choices) => write(choices.first()?, out, depth + 1, extra)?,
    }
    Some(())
}

/// A character of a class, readable where there is one: `0`, `a` or `A`, else a lower-case
/// letter, an upper-case one, a digit, any visible ASCII character, and last the class's first.
fn pick(ranges: &[(char, char)]) -> Option<char> {
    let contains = |c: char| {
        ranges
            .iter()
            .any(|(start, end)| (*start..=*end).contains(&c))
    };
    ['0', 'a', 'A']
        .into_iter()
        .chain('a'..='z')
        .chain('A'..='Z')
        .chain('0'..='9')
        .chain('!'..='~')
        .find(|c| contains(*c))
        .or_else(|| ranges.first().map(|(start, _)| *start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_match_their_patterns() {
        for (pattern, expected) in [
            (r"^\d+\.\d+\.\d+$", "0.0.0"),
            (
                "^sha256:[a-f0-9]{64}$",
                &format!("sha256:{}", "0".repeat(64))[..],
            ),
            ("^ssh-(rsa|dss|ed25519) ", "ssh-rsa "),
            ("^[A-Z]{3}$", "AAA"),
            ("x*", ""),
            ("(?i)^abc", "abc"),
            (r"^\p{Greek}+$", "Ͱ"),
        ] {
            assert_eq!(example(pattern).as_deref(), Some(expected), "{pattern}");
        }
        assert_eq!(example("(unclosed"), None);
    }

    #[test]
    fn examples_meet_lengths_the_pattern_allows() {
        // AWS's documents: any string, of 1 to 63 characters.
        assert_eq!(
            example_within(r"[\s\S]*", Some(1), Some(63)).as_deref(),
            Some("0")
        );
        assert_eq!(
            example_within("^[a-z]+-[0-9]*$", Some(5), None).as_deref(),
            Some("aaa-00")
        );
        // A fixed pattern cannot grow: its one string, though shorter than asked.
        assert_eq!(
            example_within("^abc$", Some(5), None).as_deref(),
            Some("abc")
        );
        assert_eq!(
            example_within("^a{2,3}$", None, Some(3)).as_deref(),
            Some("aa")
        );
    }
}
