//! Spec source text and positions inside it.
//!
//! Every later stage points back into the text through a [`Span`] (byte range plus the 1-based
//! line and column of its start), so diagnostics can name `file:line:column` and quote the line.

use std::fmt;

/// A spec file as read from disk: its display name and its text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as the user typed it).
    pub name: String,
    /// The whole text, already checked to be UTF-8.
    pub text: String,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// The span that covers `len` bytes from byte `start`, with its line and column computed.
    pub fn span_at(&self, start: usize, len: usize) -> Span {
        let start = floor_char_boundary(&self.text, start.min(self.text.len()));
        let end = floor_char_boundary(&self.text, (start + len).min(self.text.len()));
        let before = &self.text[..start];
        let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = self.text[line_start..start].chars().count() + 1;
        Span {
            start,
            end,
            line: line as u32,
            column: column as u32,
        }
    }

    /// The span of length `len` at 1-based `line` and `column` (columns count characters).
    pub fn span_at_position(&self, line: u32, column: u32, len: usize) -> Span {
        let mut start = 0;
        for _ in 1..line {
            match self.text[start..].find('\n') {
                Some(i) => start += i + 1,
                None => break,
            }
        }
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let offset = self.text[start..line_end]
            .char_indices()
            .nth(column.saturating_sub(1) as usize)
            .map_or(line_end, |(i, _)| start + i);
        self.span_at(offset, len)
    }

    /// The text of the 1-based line `line`, without its newline.
    pub fn line_text(&self, line: u32) -> &str {
        self.text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("")
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// A region of a spec's text: a byte range and where it starts as 1-based line and column.
///
/// Columns count characters, as editors do. A span of length zero marks a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

impl Span {
    /// A span for diagnostics that concern the file as a whole (no position is known).
    pub const UNKNOWN: Span = Span {
        start: 0,
        end: 0,
        line: 0,
        column: 0,
    };

    pub fn is_known(&self) -> bool {
        self.line > 0
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }

    /// A sub-span of this span, `offset` bytes in and `len` bytes long, for pointing at one part
    /// of a scalar (a path segment, one character of a header value).
    ///
    /// `value` is the scalar's text and `source` the file: quoted and multi-line scalars do not map
    /// byte-for-byte onto the file, so in that case the whole span is returned.
    pub fn narrow(&self, source: &SourceFile, value: &str, offset: usize, len: usize) -> Span {
        match source.text.get(self.start..self.end) {
            Some(raw) if raw == value && offset + len <= value.len() => {
                source.span_at(self.start + offset, len)
            }
            Some(raw) if raw.len() == value.len() + 2 && &raw[1..raw.len() - 1] == value => {
                source.span_at(self.start + 1 + offset, len)
            }
            _ => *self,
        }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}
