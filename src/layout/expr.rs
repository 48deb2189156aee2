//! rustfmt's layout of the expressions a middleware stack is built from (`crate::plan::stack`):
//! calls, `&[…]` slices, tuples and method chains, as measured against rustfmt (`max_width`
//! 100, `fn_call_width` 60, `array_width` 60, `chain_width` 60). Narrow by design: `None`
//! wherever rustfmt's choice is not known here (a chain short enough to be joined, text that is
//! not ASCII, a line that cannot fit), and the item then goes to rustfmt.
//!
//! What was measured, and is laid out here:
//! - An argument list goes on one line when its arguments take at most `fn_call_width` (a
//!   slice's elements `array_width`) and the line fits.
//! - Else a lone argument that is a call, a slice or a tuple is overflowed: its opening stays
//!   on the line (`.layer(Layer::new(`) and its own list is broken, whatever its width.
//! - Else every argument goes on a line of its own, with a trailing comma; a slice whose
//!   elements are all short (at most 10 columns) is filled line by line instead.
//! - A chain whose head and calls but the last take `chain_width` or more is broken one call a
//!   line; a chain as an argument is never overflowed.

use super::items::{ARRAY_WIDTH, SHORT_ELEMENT_WIDTH, short_elements};
use super::{CHAIN_WIDTH, FN_CALL_WIDTH, MAX_WIDTH};

/// An expression as it is laid out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// Text that is never broken: a path, a literal, `&config.token`, a call without arguments.
    Atom(String),
    /// `callee(arguments)`.
    Call(String, Vec<Expr>),
    /// `&[elements]`.
    Slice(Vec<Expr>),
    /// `(elements)`.
    Tuple(Vec<Expr>),
    /// A head, then `.method(arguments)` calls.
    Chain(String, Vec<MethodCall>),
}

/// `.method(arguments)` in a chain; without arguments, `.method()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodCall {
    pub method: String,
    pub args: Vec<Expr>,
}

impl MethodCall {
    pub fn new(method: &str, args: Vec<Expr>) -> Self {
        MethodCall {
            method: method.to_string(),
            args,
        }
    }

    fn one_line(&self) -> String {
        format!(".{}({})", self.method, joined(&self.args))
    }
}

impl Expr {
    pub fn atom(text: impl Into<String>) -> Self {
        Expr::Atom(text.into())
    }

    pub fn call(callee: &str, args: Vec<Expr>) -> Self {
        Expr::Call(callee.to_string(), args)
    }

    /// The expression on one line, as written when it is not broken.
    pub fn one_line(&self) -> String {
        match self {
            Expr::Atom(text) => text.clone(),
            Expr::Call(callee, args) => format!("{callee}({})", joined(args)),
            Expr::Slice(items) => format!("&[{}]", joined(items)),
            Expr::Tuple(items) => format!("({})", joined(items)),
            Expr::Chain(head, calls) => {
                let calls: String = calls.iter().map(MethodCall::one_line).collect();
                format!("{head}{calls}")
            }
        }
    }

    /// The opening, the list, the closing and the list's one-line limit of a delimited
    /// expression.
    fn delimited(&self) -> Option<(String, &[Expr], &'static str, usize)> {
        match self {
            Expr::Call(callee, args) if !args.is_empty() => {
                Some((format!("{callee}("), args, ")", FN_CALL_WIDTH))
            }
            Expr::Slice(items) if !items.is_empty() => {
                Some(("&[".to_string(), items, "]", ARRAY_WIDTH))
            }
            Expr::Tuple(items) if items.len() > 1 => {
                Some(("(".to_string(), items, ")", FN_CALL_WIDTH))
            }
            _ => None,
        }
    }

    fn is_ascii(&self) -> bool {
        match self {
            Expr::Atom(text) => text.is_ascii(),
            Expr::Call(callee, items) => callee.is_ascii() && items.iter().all(Expr::is_ascii),
            Expr::Slice(items) | Expr::Tuple(items) => items.iter().all(Expr::is_ascii),
            Expr::Chain(head, calls) => {
                head.is_ascii()
                    && calls
                        .iter()
                        .all(|c| c.method.is_ascii() && c.args.iter().all(Expr::is_ascii))
            }
        }
    }
}

fn joined(items: &[Expr]) -> String {
    items
        .iter()
        .map(Expr::one_line)
        .collect::<Vec<_>>()
        .join(", ")
}

fn pad(indent: usize) -> String {
    " ".repeat(indent)
}

/// `chain` as the tail expression of a block, `indent` columns in, followed by `suffix` (`;`,
/// `,` or nothing): its lines, or `None` when rustfmt's layout is not known here.
pub fn chain_lines(chain: &Expr, indent: usize, suffix: &str) -> Option<Vec<String>> {
    if !chain.is_ascii() {
        return None;
    }
    let mut lines = Vec::new();
    item(chain, indent, suffix, &mut lines)?;
    Some(lines)
}

/// `expr` on lines of its own starting `indent` columns in, then `suffix`.
fn item(expr: &Expr, indent: usize, suffix: &str, lines: &mut Vec<String>) -> Option<()> {
    let start = pad(indent);
    match expr {
        Expr::Atom(text) => {
            let line = format!("{start}{text}{suffix}");
            if line.len() > MAX_WIDTH {
                return None;
            }
            lines.push(line);
            Some(())
        }
        Expr::Chain(head, calls) => chain(head, calls, indent, suffix, lines),
        _ => {
            let (open, items, close, limit) = expr.delimited()?;
            list(
                format!("{start}{open}"),
                indent,
                items,
                limit,
                &format!("{close}{suffix}"),
                None,
                lines,
            )
        }
    }
}

/// A chain broken one call a line (the only layout known here: its head and calls but the last
/// must take `chain_width` or more).
fn chain(
    head: &str,
    calls: &[MethodCall],
    indent: usize,
    suffix: &str,
    lines: &mut Vec<String>,
) -> Option<()> {
    let (_, before_last) = calls.split_last()?;
    let almost: usize = head.len()
        + before_last
            .iter()
            .map(|c| c.one_line().len())
            .sum::<usize>();
    if calls.len() < 2 || almost < CHAIN_WIDTH {
        return None;
    }
    let line = format!("{}{head}", pad(indent));
    if line.len() > MAX_WIDTH {
        return None;
    }
    lines.push(line);
    let inner = pad(indent + 4);
    for (n, call) in calls.iter().enumerate() {
        let end = if n + 1 == calls.len() { suffix } else { "" };
        if call.args.is_empty() {
            let line = format!("{inner}.{}(){end}", call.method);
            if line.len() > MAX_WIDTH {
                return None;
            }
            lines.push(line);
            continue;
        }
        list(
            format!("{inner}.{}(", call.method),
            indent + 4,
            &call.args,
            FN_CALL_WIDTH,
            &format!("){end}"),
            None,
            lines,
        )?;
    }
    Some(())
}

/// A delimited list whose opening ends `first` (a line `indent` columns in, so far), its items
/// taking at most `limit` on one line, closed by `close` (the delimiter and what follows it).
/// `overflowed`: the list is an overflowed argument's, which rustfmt lays out within a
/// narrower shape: it is never joined on one line, and its own first line ends by that column.
fn list(
    first: String,
    indent: usize,
    items: &[Expr],
    limit: usize,
    close: &str,
    overflowed: Option<usize>,
    lines: &mut Vec<String>,
) -> Option<()> {
    if first.len() > MAX_WIDTH {
        return None;
    }
    let one = joined(items);
    if overflowed.is_none() && one.len() <= limit {
        let line = format!("{first}{one}{close}");
        if line.len() <= MAX_WIDTH {
            lines.push(line);
            return Some(());
        }
    }
    if let [only] = items {
        if let Some((open, inner, inner_close, inner_limit)) = only.delimited() {
            // rustfmt overflows a lone call, slice or tuple: its opening stays on this line. A
            // call is laid out within `fn_call_width` columns from here, so when it does not fit
            // there it breaks, and when even its opening does not, it is not overflowed.
            let end = match overflowed {
                Some(end) => end,
                None => {
                    let room = MAX_WIDTH.saturating_sub(first.len() + close.len());
                    let width = match only {
                        Expr::Call(..) => room.min(FN_CALL_WIDTH),
                        _ => room,
                    };
                    let fits = only.one_line().len() <= width && joined(inner).len() <= inner_limit;
                    if fits {
                        usize::MAX
                    } else {
                        first.len() + width
                    }
                }
            };
            let opened = format!("{first}{open}");
            if end != usize::MAX && opened.len() + 2 <= end {
                return list(
                    opened,
                    indent,
                    inner,
                    inner_limit,
                    &format!("{inner_close}{close}"),
                    Some(end),
                    lines,
                );
            }
            if end != usize::MAX && opened.len() <= end + 2 {
                // At the edge of the shape: rustfmt's exact count is not known here.
                return None;
            }
            if overflowed.is_some() {
                return None;
            }
        }
        // A lone argument that fits on the line stays on it, whatever its width.
        let within = match only.delimited() {
            Some((_, inner, _, inner_limit)) => joined(inner).len() <= inner_limit,
            None => !matches!(only, Expr::Chain(..)),
        };
        let line = format!("{first}{one}{close}");
        if overflowed.is_none() && within && line.len() <= MAX_WIDTH {
            lines.push(line);
            return Some(());
        }
    }
    lines.push(first);
    let inner = pad(indent + 4);
    let short = limit == ARRAY_WIDTH
        && items
            .iter()
            .all(|i| matches!(i, Expr::Atom(t) if t.len() <= SHORT_ELEMENT_WIDTH));
    if short {
        let elements: Vec<String> = items.iter().map(Expr::one_line).collect();
        short_elements(&inner, &elements, lines);
    } else {
        for element in items {
            argument(element, indent + 4, lines)?;
        }
    }
    let last = format!("{}{close}", pad(indent));
    if last.len() > MAX_WIDTH {
        return None;
    }
    lines.push(last);
    Some(())
}

/// An argument or element on lines of its own, `indent` columns in, with its trailing comma: on
/// one line when it fits and its own list takes at most its limit, else broken.
fn argument(expr: &Expr, indent: usize, lines: &mut Vec<String>) -> Option<()> {
    let one = format!("{}{},", pad(indent), expr.one_line());
    let within = match expr.delimited() {
        Some((_, items, _, limit)) => joined(items).len() <= limit,
        None => !matches!(expr, Expr::Chain(..)) || expr.one_line().len() <= CHAIN_WIDTH,
    };
    if one.len() <= MAX_WIDTH && within {
        if matches!(expr, Expr::Chain(..)) {
            // A short chain on one line: not measured.
            return None;
        }
        lines.push(one);
        return Some(());
    }
    item(expr, indent, ",", lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str) -> Expr {
        Expr::atom(format!("{text:?}"))
    }

    fn stack(layers: Vec<Expr>) -> Expr {
        Expr::Chain(
            "ServiceBuilder::new()".into(),
            layers
                .into_iter()
                .map(|l| MethodCall::new("layer", vec![l]))
                .collect(),
        )
    }

    fn timing(header: &str) -> Expr {
        Expr::call("middleware::timing::TimingLayer::new", vec![lit(header)])
    }

    fn gzip() -> Expr {
        Expr::call(
            "middleware::gzip::layer",
            vec![Expr::atom("1000"), Expr::atom("9")],
        )
    }

    /// As measured with rustfmt 1.9: a call of 60 columns stays on its line, one of 61 has its
    /// lone argument overflowed.
    #[test]
    fn a_lone_call_argument_is_overflowed_past_fn_call_width() {
        let laid = |header: &str| {
            chain_lines(&stack(vec![gzip(), timing(header)]), 12, ",").map(|l| l.join("\n"))
        };
        assert_eq!(
            laid(&"x".repeat(20)).as_deref(),
            Some(
                "            ServiceBuilder::new()\n                .layer(middleware::gzip::layer(1000, 9))\n                .layer(middleware::timing::TimingLayer::new(\"xxxxxxxxxxxxxxxxxxxx\")),"
            )
        );
        assert_eq!(
            laid(&"x".repeat(21)).as_deref(),
            Some(
                "            ServiceBuilder::new()\n                .layer(middleware::gzip::layer(1000, 9))\n                .layer(middleware::timing::TimingLayer::new(\n                    \"xxxxxxxxxxxxxxxxxxxxx\",\n                )),"
            )
        );
    }

    #[test]
    fn short_chains_and_text_that_is_not_ascii_are_not_known() {
        assert_eq!(chain_lines(&stack(vec![gzip()]), 12, ","), None);
        assert_eq!(
            chain_lines(&stack(vec![gzip(), timing("x-é")]), 12, ","),
            None
        );
        let long = "x".repeat(120);
        assert_eq!(
            chain_lines(&stack(vec![gzip(), timing(&long)]), 12, ","),
            None
        );
    }

    #[test]
    fn a_slice_of_short_elements_is_filled_and_a_lone_tuple_overflowed() {
        let methods: Vec<Expr> = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]
            .iter()
            .map(|m| lit(m))
            .chain((0..6).map(|n| lit(&format!("M{n}"))))
            .collect();
        let chain = stack(vec![
            gzip(),
            Expr::call("middleware::cors::methods", vec![Expr::Slice(methods)]),
        ]);
        let laid = chain_lines(&chain, 12, ",").expect("a layout").join("\n");
        assert!(
            laid.ends_with(
                ".layer(middleware::cors::methods(&[\n                    \"GET\", \"POST\", \"PUT\", \"DELETE\", \"PATCH\", \"HEAD\", \"OPTIONS\", \"M0\", \"M1\", \"M2\",\n                    \"M3\", \"M4\", \"M5\",\n                ])),"
            ),
            "{laid}"
        );
        let header = Expr::Tuple(vec![
            lit("x-handled-by"),
            lit("datatweets"),
            Expr::atom("Mode::Overwrite"),
        ]);
        let chain = stack(vec![
            gzip(),
            Expr::call(
                "middleware::set_headers::SetHeadersLayer::new",
                vec![Expr::Slice(vec![header])],
            ),
        ]);
        let laid = chain_lines(&chain, 12, ",").expect("a layout").join("\n");
        assert!(
            laid.ends_with(
                ".layer(middleware::set_headers::SetHeadersLayer::new(&[(\n                    \"x-handled-by\",\n                    \"datatweets\",\n                    Mode::Overwrite,\n                )])),"
            ),
            "{laid}"
        );
    }
}
