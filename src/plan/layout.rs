//! The layout rustfmt gives the statements the model templates repeat most, so those items are
//! rendered already formatted and the formatting stage can pass them by (its recogniser,
//! `format::stable`, decides that, and sends anything it does not recognise to rustfmt: a
//! layout here that rustfmt would not choose costs time, never correctness).

/// rustfmt's `max_width`.
const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`.
const FN_CALL_WIDTH: usize = 60;

/// How rustfmt lays out a call statement: on one line, with the call on the next line, or one
/// argument a line. Serialized for the templates as `one_line`, `next_line`, `vertical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    OneLine,
    NextLine,
    Vertical,
}

/// The layout of `let name = fields.method(args);` inside `from_input` (eight columns in), as
/// rustfmt chooses it: one line when the line fits in `max_width` and the arguments in
/// `fn_call_width`, else the call on the next line when that line fits, else one argument a
/// line.
pub fn read_statement(name: &str, method: &str, args: &[String]) -> Layout {
    const INDENT: usize = 8;
    let joined = args.iter().map(String::len).sum::<usize>() + 2 * args.len().saturating_sub(1);
    let call = "fields.".len() + method.len() + 1 + joined + ");".len();
    if joined <= FN_CALL_WIDTH {
        if INDENT + "let ".len() + name.len() + " = ".len() + call <= MAX_WIDTH {
            return Layout::OneLine;
        }
        if INDENT + 4 + call <= MAX_WIDTH {
            return Layout::NextLine;
        }
    }
    Layout::Vertical
}

#[cfg(test)]
mod tests {
    use super::{Layout, read_statement};

    #[test]
    fn a_read_takes_one_line_then_two_then_one_argument_a_line() {
        let args = |wire: &str| vec![format!("{wire:?}"), "&v::Str::new()".to_string()];
        // `        let name = fields.required("name", &v::Str::new());`
        assert_eq!(
            read_statement("name", "required", &args("name")),
            Layout::OneLine
        );
        // 8 + 34 + 62 columns on one line; the call alone is 12 + 62.
        let name = "n".repeat(30);
        assert_eq!(
            read_statement(&name, "required", &args(&name)),
            Layout::NextLine
        );
        // The arguments take 50 + 2 + 2 + 14 = 68 columns: over `fn_call_width`.
        let name = "n".repeat(50);
        assert_eq!(
            read_statement(&name, "required", &args(&name)),
            Layout::Vertical
        );
    }
}
