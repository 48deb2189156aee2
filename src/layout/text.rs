//! Reading rendered text back: bracketed groups, top-level lists, string literals and names,
//! skipping what is inside string literals.

/// Whether every `(...)` and `[...]` in `text` (outside string literals) holds at most
/// `width` bytes.
pub fn brackets_within(text: &str, width: usize) -> bool {
    let mut within = true;
    bracket_groups(text, |inner| within &= inner.len() <= width) && within
}

/// Calls `each` with the inside of every `(...)` and `[...]` of `text` (outside string
/// literals); `false` when the brackets do not balance.
pub fn bracket_groups<'a>(text: &'a str, mut each: impl FnMut(&'a str)) -> bool {
    let bytes = text.as_bytes();
    let mut open = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_literal_end(&text[i..]) {
                Some(end) => {
                    i += end;
                    continue;
                }
                None => return false,
            },
            b'(' | b'[' => open.push(i),
            b')' | b']' => match open.pop() {
                Some(start) => each(&text[start + 1..i]),
                None => return false,
            },
            _ => {}
        }
        i += 1;
    }
    open.is_empty()
}

/// `text` split at the commas outside brackets and strings (each comma followed by one
/// space), or `None` when it is not such a list.
pub fn split_top_level(text: &str) -> Option<Vec<&str>> {
    let bytes = text.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += string_literal_end(&text[i..])?;
                continue;
            }
            b'(' | b'[' | b'<' => depth += 1,
            b')' | b']' | b'>' => depth -= 1,
            b',' if depth == 0 => {
                if bytes.get(i + 1) != Some(&b' ') {
                    return None;
                }
                parts.push(&text[start..i]);
                start = i + 2;
                i += 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(&text[start..]);
    (depth == 0 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

/// The length of the string literal `text` starts with (escapes skipped), if it is one.
pub fn string_literal_end(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

pub fn is_string_literal(text: &str) -> bool {
    string_literal_end(text) == Some(text.len())
}

pub fn is_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `a::b::C` (no generics).
pub fn is_path(text: &str) -> bool {
    !text.is_empty() && text.split("::").all(is_identifier)
}

/// Paths, calls, `include_str!` of a literal, method calls, numbers, string literals, `&` and
/// `[...]`: tokens rustfmt prints the same way on one line, with a space only after each comma.
pub fn is_plain_expression(expression: &str) -> bool {
    if expression.is_empty() {
        return false;
    }
    let bytes = expression.as_bytes();
    let mut depth: i32 = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => match string_literal_end(&expression[i..]) {
                Some(end) => {
                    i += end;
                    continue;
                }
                None => return false,
            },
            b'(' | b'[' => depth += 1,
            b')' | b']' => {
                depth -= 1;
                if depth < 0 || bytes[i - 1] == b',' || bytes[i - 1] == b' ' {
                    return false;
                }
            }
            b',' => {
                if bytes.get(i + 1) != Some(&b' ') {
                    return false;
                }
            }
            b' ' => {
                if bytes[i - 1] != b','
                    || matches!(bytes.get(i + 1), None | Some(b' ' | b')' | b']'))
                {
                    return false;
                }
            }
            b'&' => {
                if !matches!(bytes.get(i + 1), Some(c) if c.is_ascii_alphabetic() || *c == b'[') {
                    return false;
                }
            }
            b'-' => {
                if !matches!(bytes.get(i + 1), Some(c) if c.is_ascii_digit()) {
                    return false;
                }
            }
            b'!' => {
                // `include_str!("...")` and the runtime's `v::pattern!("...")`, one literal
                // each, which rustfmt lays out as a call. Other macros differ (a broken
                // `format!` gets no trailing comma).
                let literal = expression[i + 1..]
                    .strip_prefix('(')
                    .and_then(string_literal_end)
                    .filter(|end| expression.as_bytes().get(i + 2 + end) == Some(&b')'));
                let path_end = |path: &str| {
                    expression[..i].ends_with(path)
                        && !expression[..i - path.len()]
                            .ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == ':')
                };
                if !(path_end("include_str") || path_end("v::pattern")) || literal.is_none() {
                    return false;
                }
            }
            b':' | b'<' | b'>' | b'.' | b'_' => {}
            c if c.is_ascii_alphanumeric() => {}
            _ => return false,
        }
        i += 1;
    }
    depth == 0
}
