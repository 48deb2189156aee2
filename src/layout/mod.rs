//! rustfmt's layout of the few statement shapes axumgen writes by the thousand (a model's
//! field reads, a generated test's request and assertions), as measured against rustfmt
//! (`max_width` 100, `fn_call_width` 60). The plan uses it to render those statements already
//! formatted; the format stage (`format::stable`) parses what was rendered, lays it out again
//! here and keeps it from rustfmt only when the two agree. A layout here that rustfmt would not
//! choose therefore costs time, never a `fmt --check` failure; `tests/preformatted.rs` holds
//! every kept item to rustfmt.
//!
//! `statements.rs` lays out the statements inside functions (reads, calls, method chains),
//! `items.rs` whole items and their parts (signatures, structs, arrays, route chains),
//! `order.rs` the orders rustfmt sorts declarations in, `expr.rs` the calls, slices and chains
//! of a middleware stack, and `text.rs` reads rendered text back (brackets, lists, literals,
//! names).

mod expr;
mod items;
mod order;
mod statements;
mod text;

pub use expr::{Expr, MethodCall, chain_lines};
pub use items::*;
pub use order::*;
pub use statements::*;
pub use text::*;

/// rustfmt's `max_width`. Widths are counted in bytes, never less than the columns a line takes.
pub const MAX_WIDTH: usize = 100;
/// rustfmt's `fn_call_width`: the widest argument list it keeps on one line.
pub const FN_CALL_WIDTH: usize = 60;
/// rustfmt's `chain_width`: the widest method chain it keeps on one line.
pub const CHAIN_WIDTH: usize = 60;
