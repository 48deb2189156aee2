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
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let mut out = String::new();
    write(&hir, &mut out, 0)?;
    regex::Regex::new(pattern)
        .ok()?
        .is_match(&out)
        .then_some(out)
}

fn write(hir: &Hir, out: &mut String, depth: usize) -> Option<()> {
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
            for _ in 0..repetition.min {
                write(&repetition.sub, out, depth + 1)?;
            }
        }
        HirKind::Capture(capture) => write(&capture.sub, out, depth + 1)?,
        HirKind::Concat(parts) => {
            for part in parts {
                write(part, out, depth + 1)?;
            }
        }
        HirKind::Alternation(choices) => write(choices.first()?, out, depth + 1)?,
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
}
