//! Stage 5: formats rendered Rust files with rustfmt, so every generated project passes
//! `cargo fmt --check` whatever the length of the strings a spec puts in it.
//!
//! rustfmt runs once per generation, over only the files that are about to be written (the
//! emitter skips files whose rendered text has not changed since the last run), in a temporary
//! directory: the output directory is never touched here.
//!
//! A large file is cut into pieces between top-level items ([`pieces`]) and the pieces are
//! shared out among one rustfmt per core, so one 4 MB `models.rs` does not keep a core busy
//! while the other waits. rustfmt formats each top-level item on its own, so the formatted
//! pieces joined by a blank line are what it makes of the whole file (`tests/preformatted.rs`
//! compares the two on every spec of the suite).

pub mod known;
pub mod stable;

use crate::render::RenderedFile;
use std::process::Command;

/// Why formatting did not happen.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(
        "rustfmt is not installed (install it with `rustup component add rustfmt`); generated files were left unformatted"
    )]
    Missing,
    #[error("rustfmt rejected the generated code (a template override with invalid Rust?):\n{0}")]
    Rejected(String),
    #[error("cannot prepare files for rustfmt: {0}")]
    Io(#[from] std::io::Error),
}

/// Pieces of about this many bytes: small enough to share a 4 MB file out evenly, large enough
/// that a piece costs rustfmt far more than the file it travels in.
const PIECE_BYTES: usize = 96 * 1024;

/// Formats the Rust files among `files` (of the package `package`) in place, except those
/// rendered already formatted. Without rustfmt, the files stay as rendered and the answer is
/// [`FormatError::Missing`].
pub fn format(files: &mut Vec<RenderedFile>, package: &str) -> Result<(), FormatError> {
    let running = start(std::mem::take(files), package)?;
    let missing = running.rustfmt_missing;
    *files = running
        .finish()?
        .into_iter()
        .map(|(_, file)| file)
        .collect();
    if missing {
        return Err(FormatError::Missing);
    }
    Ok(())
}

/// Formatting under way: rustfmt runs in other processes while the caller goes on (the emitter
/// writes the files that need no formatting meanwhile); [`Running::finish`] waits for it.
#[derive(Debug)]
pub struct Running {
    /// The files given to [`start`], each until it is taken ([`Running::take_final`]).
    files: Vec<Option<RenderedFile>>,
    /// For each file formatted, its items in order.
    layouts: Vec<(usize, Vec<Part>)>,
    /// How many items each piece handed to rustfmt holds.
    counts: Vec<usize>,
    rustfmt: Option<Rustfmt>,
    /// rustfmt is not installed: the files come back as rendered.
    pub rustfmt_missing: bool,
}

/// rustfmt's processes and the pieces they format in place.
#[derive(Debug)]
struct Rustfmt {
    /// Removed when formatting is over.
    _dir: tempfile::TempDir,
    paths: Vec<std::path::PathBuf>,
    children: Vec<std::process::Child>,
}

/// One item of a file (a byte range of the rendered text): kept as rendered, or the k-th item
/// of the n-th piece handed to rustfmt.
#[derive(Debug)]
enum Part {
    Kept(std::ops::Range<usize>),
    Formatted(std::ops::Range<usize>, usize, usize),
}

/// How many of the items handed to rustfmt the timings name.
const SHOWN_ITEMS: usize = 20;

/// Between two items in one piece for rustfmt: a comment line rustfmt leaves where it is.
/// Each item ends in a line break, so the marker is a line of its own.
const MARKER: &str = "// @axumgen-item-boundary\n";

/// Starts formatting the Rust files among `files` (of the package `package`): each file is cut
/// into items; the items rustfmt would not change (laid out as rustfmt does, [`stable`], or
/// known, [`known`]) are kept, the rest gathered (in order, a file's first item first) into
/// pieces, one marker comment between two items, and handed to one rustfmt per core. When
/// nothing is left, no rustfmt is started.
pub fn start(files: Vec<RenderedFile>, package: &str) -> Result<Running, FormatError> {
    let rust: Vec<usize> = (0..files.len())
        .filter(|&i| needs_formatting(&files[i]))
        .collect();
    let trusted = layouts_trusted();
    let items = recognise(&files, &rust, package, trusted);
    crate::timings::mark("recognise the items rustfmt would leave");
    let mut layouts: Vec<(usize, Vec<Part>)> = Vec::new();
    let mut pieces_to_format: Vec<(String, usize)> = Vec::new();
    // Where each item handed to rustfmt is, for the timings (`src/app.rs: fn build(…`).
    let mut handed_items: Vec<String> = Vec::new();
    let timed = crate::timings::enabled();
    for (&i, file_items) in rust.iter().zip(items) {
        let text = &files[i].contents;
        let mut parts = Vec::new();
        let mut open: Option<usize> = None;
        for (range, kept) in file_items {
            if kept {
                parts.push(Part::Kept(range));
                continue;
            }
            let item = &text[range.clone()];
            if timed {
                let first = item
                    .lines()
                    .find(|line| !line.trim_start().starts_with("//"))
                    .unwrap_or("");
                handed_items.push(format!("{}: {}", files[i].path, first.trim()));
            }
            let n = match open {
                Some(n) if pieces_to_format[n].0.len() < PIECE_BYTES => {
                    let (text, count) = &mut pieces_to_format[n];
                    text.push_str(MARKER);
                    text.push_str(item);
                    *count += 1;
                    n
                }
                _ => {
                    pieces_to_format.push((item.to_string(), 1));
                    pieces_to_format.len() - 1
                }
            };
            open = Some(n);
            parts.push(Part::Formatted(range, n, pieces_to_format[n].1 - 1));
        }
        layouts.push((i, parts));
    }
    let texts: Vec<&str> = pieces_to_format.iter().map(|(t, _)| t.as_str()).collect();
    let total: usize = rust.iter().map(|&i| files[i].contents.len()).sum();
    let handed: usize = texts.iter().map(|t| t.len()).sum();
    crate::timings::note(&format!(
        "rustfmt is handed {:.1} of {:.1} MB ({} pieces); the rest is known formatted{}",
        handed as f64 / 1e6,
        total as f64 / 1e6,
        texts.len(),
        if trusted {
            ""
        } else {
            " (none: this is not the rustfmt the layouts were measured with)"
        }
    ));
    for item in handed_items.iter().take(SHOWN_ITEMS) {
        crate::timings::note(&format!("  handed to rustfmt: {item}"));
    }
    if handed_items.len() > SHOWN_ITEMS {
        crate::timings::note(&format!(
            "  and {} more items",
            handed_items.len() - SHOWN_ITEMS
        ));
    }
    let (rustfmt, rustfmt_missing) = match texts.is_empty() {
        true => (None, false),
        false => match spawn_rustfmt(&texts) {
            Ok(rustfmt) => (Some(rustfmt), false),
            Err(FormatError::Missing) => (None, true),
            Err(error) => return Err(error),
        },
    };
    Ok(Running {
        files: files.into_iter().map(Some).collect(),
        layouts: if rustfmt_missing { Vec::new() } else { layouts },
        counts: pieces_to_format.iter().map(|(_, count)| *count).collect(),
        rustfmt,
        rustfmt_missing,
    })
}

/// Each of the files `rust` (indices into `files`) cut into items ([`pieces`]), each item's byte
/// range with whether rustfmt would leave it as it is (recognised [`stable`] or [`known`]; never
/// when `trusted` is false). Files are shared out between the cores, largest first, and the
/// answers come back in the order of `rust`.
fn recognise(
    files: &[RenderedFile],
    rust: &[usize],
    package: &str,
    trusted: bool,
) -> Vec<Vec<(std::ops::Range<usize>, bool)>> {
    let one = |i: usize| {
        let text = &files[i].contents;
        pieces(text)
            .into_iter()
            .map(|item| {
                let at = item.as_ptr() as usize - text.as_ptr() as usize;
                let kept = trusted
                    && (laid_out_or_stable(&files[i], item) || known::is_known(item, package));
                (at..at + item.len(), kept)
            })
            .collect::<Vec<_>>()
    };
    let mut order: Vec<usize> = (0..rust.len()).collect();
    order.sort_by_key(|&n| std::cmp::Reverse(files[rust[n]].contents.len()));
    crate::cores::map_in_order(&order, |n| one(rust[n]))
}

/// Whether `item` of `file` is what rustfmt makes of it by its own text: laid out so by the plan
/// (`RenderedFile::laid_out`) or recognised so ([`stable`]).
pub fn laid_out_or_stable(file: &RenderedFile, item: &str) -> bool {
    file.laid_out.iter().any(|text| text == item) || stable::is_stable(item)
}

impl Running {
    /// Takes the files whose every item was kept, with their positions among the files given to
    /// [`start`]: their text is final already, so a new project's emitter writes them while
    /// rustfmt works on the others.
    pub fn take_final(&mut self) -> Vec<(usize, RenderedFile)> {
        let mut taken = Vec::new();
        self.layouts.retain(|(i, parts)| {
            let all_kept = parts.iter().all(|part| matches!(part, Part::Kept(_)));
            if let Some(file) = self.files[*i].take_if(|_| all_kept) {
                taken.push((*i, file));
            }
            !all_kept
        });
        taken
    }

    /// Waits for rustfmt and answers the files not taken yet, with their positions among the
    /// files given to [`start`], in that order; the Rust ones formatted.
    pub fn finish(self) -> Result<Vec<(usize, RenderedFile)>, FormatError> {
        let Running {
            mut files,
            layouts,
            counts,
            rustfmt,
            ..
        } = self;
        let formatted = match rustfmt {
            Some(rustfmt) => rustfmt.wait()?,
            None => Vec::new(),
        };
        let mut items: Vec<Vec<&str>> = Vec::with_capacity(formatted.len());
        for (text, count) in formatted.iter().zip(&counts) {
            let split: Vec<&str> = text.split(MARKER).collect();
            if split.len() != *count {
                return Err(FormatError::Rejected(format!(
                    "rustfmt moved axumgen's marker between items (expected {count} items, found {})",
                    split.len()
                )));
            }
            items.push(split);
        }
        for (i, parts) in layouts {
            let Some(file) = files[i].as_mut() else {
                continue;
            };
            let rendered = &file.contents;
            // A file whose every item comes back as it went is left as it is, digest included.
            let unchanged = parts.iter().all(|part| match part {
                Part::Kept(_) => true,
                Part::Formatted(range, n, k) => items[*n][*k] == &rendered[range.clone()],
            });
            if unchanged {
                continue;
            }
            let mut joined = String::with_capacity(rendered.len());
            for part in parts {
                if !joined.is_empty() {
                    joined.push('\n');
                }
                match part {
                    Part::Kept(range) => joined.push_str(&rendered[range]),
                    Part::Formatted(_, n, k) => joined.push_str(items[n][k]),
                }
            }
            file.sha256 = crate::digest::sha256_hex(joined.as_bytes());
            file.contents = joined;
        }
        Ok(files
            .into_iter()
            .enumerate()
            .filter_map(|(i, file)| Some((i, file?)))
            .collect())
    }
}

/// Starts rustfmt over `texts`, one process per core, each on a share of about the same size.
fn spawn_rustfmt(texts: &[&str]) -> Result<Rustfmt, FormatError> {
    let dir = tempfile::tempdir()?;
    let mut paths = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        // Flat names: rustfmt must not follow `mod` declarations into other files.
        let path = dir.path().join(format!("f{n}.rs"));
        std::fs::write(&path, text)?;
        paths.push(path);
    }
    // One process per core, but not for less than a piece's worth each: starting rustfmt costs
    // a core about 15 ms, which a few small items do not repay (the other core is writing
    // files meanwhile). The largest text first, each to the share with the fewest bytes so far.
    let total: usize = texts.iter().map(|text| text.len()).sum();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .min(total.div_ceil(PIECE_BYTES))
        .max(1);
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&n| std::cmp::Reverse(texts[n].len()));
    let mut shares: Vec<(usize, Vec<&std::path::Path>)> = vec![(0, Vec::new()); workers];
    for n in order {
        if let Some(share) = shares.iter_mut().min_by_key(|(bytes, _)| *bytes) {
            share.0 += texts[n].len();
            share.1.push(&paths[n]);
        }
    }
    let mut children = Vec::new();
    for (_, share) in &shares {
        let child = Command::new(&this_rustfmt().binary)
            .args(["--edition", "2024", "--config", "skip_children=true"])
            .args(share)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn();
        match child {
            Ok(child) => children.push(child),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(FormatError::Missing);
            }
            Err(error) => return Err(FormatError::Io(error)),
        }
    }
    Ok(Rustfmt {
        _dir: dir,
        paths,
        children,
    })
}

impl Rustfmt {
    /// Waits for every process and answers the formatted texts in order.
    fn wait(self) -> Result<Vec<String>, FormatError> {
        for child in self.children {
            let output = child.wait_with_output()?;
            if !output.status.success() {
                return Err(FormatError::Rejected(
                    String::from_utf8_lossy(&output.stderr).into_owned(),
                ));
            }
        }
        self.paths
            .iter()
            .map(|path| Ok(std::fs::read_to_string(path)?))
            .collect()
    }
}

/// Cuts `text` between its top-level items, each piece one item or a run of items that must
/// stay together, so that formatting the pieces one by one and joining them with a blank line
/// gives what formatting the whole text gives.
///
/// A cut is made only at a blank line that follows a line closing an item at the margin (`}`,
/// or a line ending in `;` that starts at the margin) and precedes an item that rustfmt formats
/// on its own: not a `use` or `mod` (rustfmt sorts consecutive ones), nor an inner attribute or
/// doc comment (they belong at the top of the file). Generated string literals never hold a
/// line break (they are escaped), so such a blank line is never inside one.
pub fn pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(found) = text[search.max(start)..].find("\n\n") {
        let at = search.max(start) + found;
        search = at + 1;
        let before = text[start..at].rsplit('\n').next().unwrap_or("");
        let after = text[at + 2..].split('\n').next().unwrap_or("");
        if closes_item(before) && opens_separate_item(after) {
            pieces.push(&text[start..=at]);
            start = at + 2;
        }
    }
    pieces.push(&text[start..]);
    pieces
}

/// Whether `line` ends a top-level item: a `}` at the margin, or a statement-like item such as
/// `const X: u8 = 1;` written on one line from the margin.
fn closes_item(line: &str) -> bool {
    line == "}"
        || (line.ends_with(';')
            && !line.starts_with(char::is_whitespace)
            && !line.starts_with("//"))
}

/// Whether `line` begins a top-level item that rustfmt formats without looking at its
/// neighbours (`mod` and `use` declarations are sorted only among those up to a blank line, and
/// a comment at the margin belongs to what follows it).
fn opens_separate_item(line: &str) -> bool {
    const ITEMS: [&str; 16] = [
        "///",
        "// ",
        "pub mod ",
        "#[",
        "pub fn ",
        "pub async fn ",
        "fn ",
        "async fn ",
        "pub struct ",
        "struct ",
        "pub enum ",
        "enum ",
        "impl ",
        "impl<",
        "pub const ",
        "const ",
    ];
    ITEMS.iter().any(|item| line.starts_with(item))
}

/// The rustfmt `crate::layout` and the handler declarations were measured with. Another release
/// might lay some shape out differently, so with it every Rust file goes through rustfmt
/// (nothing is kept, files rendered formatted included): slower, never unformatted.
const MEASURED_RUSTFMT: &str = "rustfmt 1.9.";

/// Whether the rustfmt this run uses is the one the layouts were measured with (asked once a
/// run). Without rustfmt, nothing is formatted anyway, so the answer is yes.
pub fn layouts_trusted() -> bool {
    this_rustfmt().trusted
}

/// The rustfmt this run uses: which binary, and whether it is the one that was measured.
#[derive(Debug)]
struct Found {
    binary: std::ffi::OsString,
    trusted: bool,
}

/// [`Found`], once asked.
static RUSTFMT: std::sync::OnceLock<Found> = std::sync::OnceLock::new();

fn this_rustfmt() -> &'static Found {
    RUSTFMT.get_or_init(find_rustfmt)
}

/// Finds rustfmt and asks its version on another thread, so that the answer (two process
/// starts, about 15 ms here) is ready by the time the formatting stage needs it; the stage
/// waits for it if it is not.
pub fn ask_rustfmt_version_meanwhile() {
    std::thread::spawn(this_rustfmt);
}

/// `$RUSTFMT`, else the binary rustup's `rustfmt` proxy would start (`rustup which rustfmt`,
/// run from the same directory, so the same toolchain: the proxy costs each start about 6 ms
/// here), else `rustfmt` from the `PATH`.
fn find_rustfmt() -> Found {
    let binary = match std::env::var_os("RUSTFMT") {
        Some(binary) => binary,
        None => Command::new("rustup")
            .args(["which", "rustfmt"])
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| String::from_utf8(output.stdout).ok())
            .map(|path| path.trim_end().to_string())
            .filter(|path| std::path::Path::new(path).is_file())
            .map_or_else(|| "rustfmt".into(), Into::into),
    };
    let trusted = match Command::new(&binary).arg("--version").output() {
        Ok(output) => String::from_utf8_lossy(&output.stdout).starts_with(MEASURED_RUSTFMT),
        Err(_) => true,
    };
    Found { binary, trusted }
}

/// Whether `file` goes through the formatting stage: a Rust file, unless it was rendered
/// formatted and this rustfmt is the one that was measured.
pub fn needs_formatting(file: &RenderedFile) -> bool {
    file.path.is_rust() && (!file.preformatted || !layouts_trusted())
}

#[cfg(test)]
mod tests {
    use super::pieces;

    #[test]
    fn pieces_join_back_into_the_text() {
        let text = "use a;\n\nfn one() {}\n\n/// Two.\nfn two() {\n    x;\n}\n\nimpl A {\n}\n";
        let cut = pieces(text);
        assert_eq!(cut.join("\n"), text);
        assert!(cut.iter().all(|p| !p.is_empty()), "{cut:?}");
        assert_eq!(
            cut,
            // `fn one() {}` is an item on one line, not closed by a `}` alone: no cut after it.
            [
                "use a;\n",
                "fn one() {}\n\n/// Two.\nfn two() {\n    x;\n}\n",
                "impl A {\n}\n"
            ]
        );
    }

    #[test]
    fn pieces_survive_runs_of_blank_lines() {
        let text = "fn a() {\n}\n\n\n\nfn b() {\n}\n";
        assert_eq!(pieces(text).join("\n"), text);
    }

    #[test]
    fn pieces_never_cut_between_uses_or_inside_an_item() {
        let text = "use a;\n\nuse b;\n\nfn f() {\n    let x = 1;\n\n    let y = 2;\n}\n\nmod m;\n\nconst C: u8 = 1;\n";
        assert_eq!(
            pieces(text),
            [
                "use a;\n\nuse b;\n",
                "fn f() {\n    let x = 1;\n\n    let y = 2;\n}\n\nmod m;\n",
                "const C: u8 = 1;\n"
            ]
        );
    }
}
