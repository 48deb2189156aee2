//! Names the importer gives: models (`PascalCase`, never a prelude name), handlers and routers
//! (`snake_case`, unique), the crate (`kebab-case`) and environment variables.

use crate::grammar::{RUST_KEYWORDS, check_ident, is_type_name, suggest_ident, type_stem};
use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Names the generated code already uses for something else.
const TAKEN_TYPES: &[&str] = &[
    "Box", "Err", "None", "Ok", "Option", "Result", "Some", "String", "Vec", "Self",
];

/// A `PascalCase` type name for any text (`simple-user` → `SimpleUser`, `2fa` → `Model2fa`).
pub fn type_name(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_upper_camel_case();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert_str(0, "Model");
    }
    if TAKEN_TYPES.contains(&name.as_str())
        || crate::validate::rules::models::OPENAPI_SCHEMAS.contains(&name.as_str())
        || !is_type_name(&name)
    {
        name.push_str("Model");
    }
    name
}

/// A `snake_case` identifier for any text (`listPets` → `list_pets`, `ref` → `ref_`).
pub fn ident(text: &str) -> String {
    let ident = suggest_ident(text);
    if check_ident(&ident).is_ok() {
        return ident;
    }
    // `suggest_ident` keeps a leading `_` for a name starting with a digit.
    let mut ident = format!("n{}", ident.trim_start_matches('_'));
    if RUST_KEYWORDS.contains(&ident.as_str()) {
        ident.push('_');
    }
    ident
}

/// The first of `base`, `base_2`, `base_3`… that `taken` does not hold (it is then taken).
pub fn unique(base: String, separator: &str, taken: &mut BTreeSet<String>) -> String {
    if taken.insert(base.clone()) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{separator}{n}"))
        .find(|candidate| taken.insert(candidate.clone()))
        .unwrap_or(base)
}

/// The first of `base`, `base_2`, `base_3`… that is neither in `taken` nor makes the same type
/// names as a name in it (`get_pet_2` and `get_pet2` both make `GetPet2…`; `stems` holds
/// theirs, [`crate::grammar::type_stem`]); the name and its stem are then taken.
pub fn unique_endpoint(
    base: String,
    taken: &mut BTreeSet<String>,
    stems: &mut BTreeSet<String>,
) -> String {
    let free = |name: &str| !taken.contains(name) && !stems.contains(&type_stem(name));
    let name = std::iter::once(base.clone())
        .chain((2..).map(|n| format!("{base}_{n}")))
        .find(|candidate| free(candidate))
        .unwrap_or(base);
    stems.insert(type_stem(&name));
    taken.insert(name.clone());
    name
}

/// A crate name from an API's title: lower-case words joined by `-`, cut at a word to at most
/// 40 characters (`GitHub's REST API` → `githubs-rest-api`).
pub fn crate_name(title: &str) -> String {
    let words: Vec<String> = title
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '\'' || c == '\u{2019}'))
        .map(|word| {
            word.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    let mut name = String::new();
    for word in words {
        if !name.is_empty() && name.len() + 1 + word.len() > 40 {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&word[..word.len().min(40)]);
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        name.insert_str(0, if name.is_empty() { "api" } else { "api-" });
    }
    let ident = name.replace('-', "_");
    if RUST_KEYWORDS.contains(&ident.as_str())
        || crate::validate::rules::names::RESERVED_CRATES.contains(&ident.as_str())
    {
        name.push_str("-service");
    }
    name
}

/// An environment variable for a security scheme's token (`bearerAuth` → `BEARER_AUTH_TOKEN`).
pub fn token_env(scheme: &str) -> String {
    let cleaned: String = scheme
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect();
    let mut name = cleaned.to_shouty_snake_case();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "API_");
    }
    if name.ends_with("_TOKEN") || name == "TOKEN" {
        name
    } else {
        format!("{name}_TOKEN")
    }
}

/// A JSON pointer segment as text (`~1` is `/`, `~0` is `~`, percent escapes decoded).
pub fn unescape(segment: &str) -> String {
    let text = segment.replace("~1", "/").replace("~0", "~");
    percent_decode(&text)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push((high * 16 + low) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_what_the_spec_accepts() {
        assert_eq!(type_name("simple-user"), "SimpleUser");
        assert_eq!(type_name("2fa"), "Model2fa");
        assert_eq!(type_name("string"), "StringModel");
        assert_eq!(type_name("---"), "Model");
        assert_eq!(ident("listPets"), "list_pets");
        assert_eq!(ident("ref"), "ref_");
        assert_eq!(ident("2fa-codes"), "_2fa_codes");
        assert_eq!(crate_name("Swagger Petstore"), "swagger-petstore");
        assert_eq!(crate_name("GitHub's v3 REST API"), "githubs-v3-rest-api");
        assert_eq!(
            crate_name("GitHub's official OpenAPI spec + Octokit extension"),
            "githubs-official-openapi-spec-octokit"
        );
        assert_eq!(crate_name("¿"), "api");
        assert_eq!(crate_name("Axum"), "axum-service");
        assert_eq!(crate_name("42"), "api-42");
        assert_eq!(token_env("bearerAuth"), "BEARER_AUTH_TOKEN");
        assert_eq!(unescape("a~1b~0c%20d"), "a/b~c d");
        let mut taken = BTreeSet::new();
        assert_eq!(unique("pets".into(), "_", &mut taken), "pets");
        assert_eq!(unique("pets".into(), "_", &mut taken), "pets_2");
    }

    #[test]
    fn endpoint_names_never_share_their_type_names() {
        let (mut taken, mut stems) = (BTreeSet::new(), BTreeSet::new());
        let mut name = |base: &str| unique_endpoint(base.into(), &mut taken, &mut stems);
        assert_eq!(name("get_pet"), "get_pet");
        assert_eq!(name("get_pet2"), "get_pet2");
        // `get_pet_2` would make `GetPet2…`, as `get_pet2` does.
        assert_eq!(name("get_pet"), "get_pet_3");
        // `get2_send` would make `Get2Send…`, as `get_2_send` does.
        assert_eq!(name("get_2_send"), "get_2_send");
        assert_eq!(name("get2_send"), "get2_send_2");
        let stems: BTreeSet<String> = taken.iter().map(|n| type_stem(n)).collect();
        assert_eq!(stems.len(), taken.len(), "{taken:?}");
    }
}
