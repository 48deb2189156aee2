//! The `FromInput` impls of `src/models.rs` and the `FromParams` impls of `src/api.rs`: a fixed
//! opening, one read a field in the layout rustfmt gives it, and the struct literal; a union
//! member's `FIELDS` before them; a union's list of members.

use super::{is_canonical_expression_list, is_identifier};
use crate::layout::{FN_CALL_WIDTH, MAX_WIDTH, STRUCT_LIT_WIDTH, bracket_groups, brackets_within};

/// The body of `impl v::FromInput for Name {` (`templates/src/models.rs.j2`) or
/// `impl crate::validation::FromParams for Name {` (`templates/src/api.rs.j2`): its fixed
/// opening, the reads in the layout rustfmt gives them, and the struct literal.
pub(super) fn reader_body(receiver: &str, lines: &[&str]) -> bool {
    const FROM_INPUT: [&str; 2] = [
        "    fn from_input(input: &v::Value, loc: &v::Loc<'_>, errors: &mut v::Errors) -> Option<Self> {",
        "        let mut fields = v::Fields::new(input, loc, errors)?;",
    ];
    const FROM_PARAMS: [&str; 6] = [
        "    fn from_params(",
        "        params: &crate::validation::Params,",
        "        errors: &mut crate::validation::Errors,",
        "    ) -> Option<Self> {",
        "        #[allow(unused_imports)]",
        "        use crate::validation as v;",
    ];
    let opening: &[&str] = if receiver == "fields" {
        &FROM_INPUT
    } else {
        &FROM_PARAMS
    };
    // A union's member lists its fields first.
    let lines = match lines.first() {
        Some(line) if receiver == "fields" && line.starts_with("    const FIELDS: ") => {
            match super::definitions::const_array_block(
                "const FIELDS: &'static [&'static str]",
                lines,
            ) {
                Some(taken) => &lines[taken..],
                None => return false,
            }
        }
        _ => lines,
    };
    if receiver == "fields"
        && lines
            .get(1)
            .is_some_and(|line| line.starts_with("        let mut union = "))
    {
        return lines[0] == FROM_INPUT[0] && union_body(&lines[1..]);
    }
    // A model without fields: only that its input is an object (no `fields` to read).
    const NO_FIELDS: [&str; 6] = [
        FROM_INPUT[0],
        "        // No field to read: only that it is an object (clippy refuses an unused `fields`).",
        "        v::Fields::new(input, loc, errors)?;",
        "        Some(Self {})",
        "    }",
        "}",
    ];
    if receiver == "fields" && lines == NO_FIELDS {
        return true;
    }
    if lines.len() < opening.len() || lines[..opening.len()] != *opening {
        return false;
    }
    let rest = &lines[opening.len()..];
    let mut reads = 0;
    while rest[reads..]
        .first()
        .is_some_and(|line| line.starts_with("        let "))
    {
        match read_statement(receiver, &rest[reads..]) {
            Some(lines) => reads += lines,
            None => return false,
        }
    }
    match &rest[reads..] {
        [literal, end_fn, end_impl] => {
            *end_fn == "    }" && *end_impl == "}" && is_one_line_literal(literal)
        }
        [open, fields @ .., close, end_fn, end_impl] => {
            *end_fn == "    }"
                && *end_impl == "}"
                && **close == *"        })"
                && is_vertical_literal(open, fields)
        }
        _ => false,
    }
}

/// `Some(Self {`, then `field: field?,` a line: what rustfmt writes when the fields take more
/// than `struct_lit_width`.
fn is_vertical_literal(open: &str, fields: &[&str]) -> bool {
    if open != "        Some(Self {" {
        return false;
    }
    let mut names = Vec::new();
    let mut i = 0;
    while i < fields.len() {
        let line = fields[i];
        let name = match line
            .strip_prefix("            ")
            .and_then(|l| l.strip_suffix(':'))
        {
            // The value on a line of its own (`crate::layout::literal_field`).
            Some(name) => name,
            None => match line
                .strip_prefix("            ")
                .and_then(|l| l.split_once(": "))
            {
                Some((name, _)) => name,
                None => return false,
            },
        };
        let laid_out = crate::layout::literal_field(name);
        let taken = laid_out.matches('\n').count() + 1;
        if !is_identifier(name)
            || fields
                .get(i..i + taken)
                .is_none_or(|lines| lines.join("\n") != laid_out)
        {
            return false;
        }
        names.push(name);
        i += taken;
    }
    !names.is_empty() && crate::layout::literal_width(&names) > STRUCT_LIT_WIDTH
}

/// `Some(Self { a: a?, b: b? })` on one line: the fields fit in `struct_lit_width`.
fn is_one_line_literal(line: &str) -> bool {
    let Some(fields) = line
        .strip_prefix("        Some(Self { ")
        .and_then(|l| l.strip_suffix(" })"))
    else {
        return false;
    };
    let mut names = Vec::new();
    for field in fields.split(", ") {
        match field.strip_suffix('?').and_then(|f| f.split_once(": ")) {
            Some((field, value)) if field == value && is_identifier(field) => names.push(field),
            _ => return false,
        }
    }
    line.len() <= MAX_WIDTH && crate::layout::literal_width(&names) <= STRUCT_LIT_WIDTH
}

/// One read, `let name = fields.read("wire", &validator);`, in the layout rustfmt gives it
/// (measured on thousands of reads against rustfmt): on one line when the line fits in
/// `max_width` and the arguments in `fn_call_width`; else with the call on the next line when
/// that line fits; else one argument a line. Answers how many lines it takes, or `None` when
/// the lines are not the layout rustfmt would choose.
pub(super) fn read_statement(receiver: &str, lines: &[&str]) -> Option<usize> {
    let call_on = format!(" = {receiver}.");
    let next_line = format!("            {receiver}.");
    const LET: &str = "        let ";
    let first = lines.first()?.strip_prefix(LET)?;
    // One line.
    if let Some(statement) = first.strip_suffix(");") {
        let (name, call) = statement.split_once(call_on.as_str())?;
        let (method, args) = call.split_once('(')?;
        let fits = lines[0].len() <= MAX_WIDTH && args.len() <= FN_CALL_WIDTH;
        return (fits && is_identifier(name) && is_identifier(method) && is_argument_list(args))
            .then_some(1);
    }
    // The call on the next line.
    if let Some(name) = first.strip_suffix(" =") {
        let call = lines
            .get(1)?
            .strip_prefix(next_line.as_str())?
            .strip_suffix(");")?;
        let (method, args) = call.split_once('(')?;
        let one_line = LET.len() + name.len() + call_on.len() + call.len() + ");".len();
        let fits = lines[1].len() <= MAX_WIDTH && args.len() <= FN_CALL_WIDTH;
        return (fits
            && one_line > MAX_WIDTH
            && is_identifier(name)
            && is_identifier(method)
            && is_argument_list(args))
        .then_some(2);
    }
    // One argument a line.
    let opening = first.strip_suffix('(')?;
    let (name, method) = opening.split_once(call_on.as_str())?;
    let count = lines[1..]
        .iter()
        .take_while(|line| line.starts_with("            "))
        .count();
    if lines.get(1 + count) != Some(&"        );") || count == 0 || lines[0].len() >= MAX_WIDTH {
        return None;
    }
    let mut args = Vec::new();
    for line in &lines[1..=count] {
        let arg = line.strip_prefix("            ")?.strip_suffix(',')?;
        // A default's function (`default_model_field`) too long for its line: rustfmt cannot
        // break a name and leaves the statement as written (measured on GitHub's API).
        if line.len() > MAX_WIDTH && arg.starts_with("default_") && is_identifier(arg) {
            args.push(arg);
            continue;
        }
        // A method chain (`v::Str::new().max_length(5)`) stays on one line within 60 columns.
        if line.len() > MAX_WIDTH
            || (arg.contains(").") && arg.len() > FN_CALL_WIDTH)
            || !fits_as_argument_line(arg, line.len())
        {
            return None;
        }
        args.push(arg);
    }
    let joined = args.join(", ");
    let one_line = LET.len() + opening.len() + joined.len() + ");".len();
    let next_line = next_line.len() + method.len() + 1 + joined.len() + ");".len();
    let vertical = joined.len() > FN_CALL_WIDTH || (one_line > MAX_WIDTH && next_line > MAX_WIDTH);
    (vertical
        && is_identifier(name)
        && is_identifier(method)
        && is_canonical_expression_list(&joined))
    .then_some(count + 2)
}

/// Whether rustfmt keeps `arg` on its own line (`line` columns wide): every bracketed list in
/// it within `fn_call_width`, except that one call may hold a wider single argument that is
/// itself an argument-less call (`v::List::new(v::Model::<LongName>::new())`), which rustfmt
/// lets overflow on a line of at most 96 columns (measured: 98 and over break it).
fn fits_as_argument_line(arg: &str, line: usize) -> bool {
    const OVERFLOW_LINE: usize = 96;
    let mut wide = Vec::new();
    if !bracket_groups(arg, |inner| {
        if inner.len() > FN_CALL_WIDTH {
            wide.push(inner);
        }
    }) {
        return false;
    }
    match wide.as_slice() {
        [] => true,
        [inner] => {
            line <= OVERFLOW_LINE
                && inner.strip_suffix("()").is_some_and(|callee| {
                    !callee.is_empty()
                        && callee
                            .bytes()
                            .all(|c| c.is_ascii_alphanumeric() || b"_:<>".contains(&c))
                })
        }
        _ => false,
    }
}

/// Plain expressions separated by `, ` (see [`is_plain_expression`]), every bracketed list
/// inside them within `fn_call_width`, so rustfmt keeps each on one line.
fn is_argument_list(args: &str) -> bool {
    is_canonical_expression_list(args) && brackets_within(args, FN_CALL_WIDTH)
}

/// The rest of a union's `from_input` (`templates/src/models.rs.j2`): `let mut union =
/// v::OneOf::new(...)` or `v::Tagged::new(...)` on one line, one `union.model(...)`,
/// `union.boxed_model(...)` or `union.member(...)` statement a member, laid out as
/// `crate::layout::call` lays it out, and `union.finish()`.
fn union_body(lines: &[&str]) -> bool {
    let [
        opening,
        statements @ ..,
        "        union.finish()",
        "    }",
        "}",
    ] = lines
    else {
        return false;
    };
    let opened = *opening == "        let mut union = v::OneOf::new(input, loc, errors);"
        || opening
            .strip_prefix("        let mut union = v::Tagged::new(input, loc, errors, ")
            .and_then(|l| l.strip_suffix(");"))
            .is_some_and(|l| super::is_string_literal(l) && opening.len() <= MAX_WIDTH);
    if !opened || statements.is_empty() {
        return false;
    }
    let mut start = 0;
    while start < statements.len() {
        let first = statements[start];
        let end = if first.ends_with(");") {
            start
        } else {
            match statements[start..]
                .iter()
                .position(|line| *line == "        );")
            {
                Some(offset) => start + offset,
                None => return false,
            }
        };
        let statement = &statements[start..=end];
        let laid_out = super::calls::parse_call(statement, 8, ";").is_some_and(|(callee, args)| {
            matches!(callee, "union.model" | "union.boxed_model" | "union.member")
                && crate::layout::call(8, callee, &args, ";").as_deref()
                    == Some(statement.join("\n").as_str())
        });
        if !laid_out {
            return false;
        }
        start = end + 1;
    }
    true
}
