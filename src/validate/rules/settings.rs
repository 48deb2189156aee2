//! Rules for `settings:`, the environment variables the generated server reads at start-up:
//! names a shell and `Config` can both use, scalar types, defaults that fit them, and secrets
//! that only the environment can give.

use crate::diagnostic::{Rule, Severity};
use crate::grammar::settings::{default_text, setting_scalar};
use crate::spec::Middleware;
use crate::validate::{Cx, Findings};

pub const SETTING_NAME_INVALID: Rule = Rule {
    code: "setting-name-invalid",
    severity: Severity::Error,
    summary: "a setting that is not an environment variable name (`DATABASE_URL`), or one the server reads itself (`BIND`, `PORT`, `RUST_LOG`, `LOG_FORMAT`, a bearer `token_env`)",
    help: "",
};
pub const SETTING_TYPE_INVALID: Rule = Rule {
    code: "setting-type-invalid",
    severity: Severity::Error,
    summary: "a setting type other than `string`, `bool`, an integer type or `f64` (with `?` for optional)",
    help: "",
};
pub const SETTING_DEFAULT_INVALID: Rule = Rule {
    code: "setting-default-invalid",
    severity: Severity::Error,
    summary: "a setting default that does not fit its type, a default on a secret (secrets come from the environment only), or on an optional setting (unset is `None`)",
    help: "",
};

pub const RULES: &[Rule] = &[
    SETTING_NAME_INVALID,
    SETTING_TYPE_INVALID,
    SETTING_DEFAULT_INVALID,
];

/// Variables the generated server reads whatever the spec says.
pub const RESERVED: [&str; 4] = ["BIND", "PORT", "RUST_LOG", "LOG_FORMAT"];

pub fn check(cx: &Cx, out: &mut Findings) {
    let token_envs: Vec<&str> = super::every_layer(cx)
        .into_iter()
        .filter_map(|layer| match &layer.value {
            Middleware::BearerAuth(bearer) => bearer.token_env.as_ref().map(|e| e.value.as_str()),
            _ => None,
        })
        .collect();
    for (name, setting) in cx.spec.settings.iter() {
        let env = name.value.as_str();
        if !crate::grammar::is_env_name(env) {
            out.report(
                SETTING_NAME_INVALID
                    .at(
                        name.span,
                        format!("`{env}` is not an environment variable name"),
                    )
                    .with_help(format!(
                        "use upper-case letters, digits and `_`: `{}`",
                        env.to_ascii_uppercase()
                            .replace(|c: char| !c.is_ascii_alphanumeric(), "_")
                    )),
            );
        } else if RESERVED.contains(&env) || token_envs.contains(&env) {
            out.report(
                SETTING_NAME_INVALID
                    .at(name.span, format!("`{env}` is read by the generated server itself"))
                    .with_help(if token_envs.contains(&env) {
                        "a bearer `token_env` is already a required secret of `Config`: remove this setting"
                    } else {
                        "`BIND`/`PORT` choose the address, `RUST_LOG` the log level and `LOG_FORMAT` (`text` or `json`) the log lines: pick another name"
                    }),
            );
        }
        let text = setting.ty.as_ref().map_or("string", |ty| ty.value.as_str());
        let Some((scalar, optional)) = setting_scalar(text) else {
            let span = setting.ty.as_ref().map_or(name.span, |ty| ty.span);
            out.report(
                SETTING_TYPE_INVALID
                    .at(span, format!("`{text}` cannot be a setting's type"))
                    .with_help("use `string`, `bool`, `u8`, `u16`, `u32`, `u64`, `i32`, `i64` or `f64`, with `?` for optional"),
            );
            continue;
        };
        let Some(default) = &setting.default else {
            continue;
        };
        if setting.secret {
            out.report(
                SETTING_DEFAULT_INVALID
                    .at(default.span, format!("the secret `{env}` has a default"))
                    .with_help("a secret comes from the environment only: remove the default (and put a placeholder in `.env.example` by hand if you want one)"),
            );
        } else if optional {
            out.report(
                SETTING_DEFAULT_INVALID
                    .at(default.span, format!("the optional setting `{env}` has a default"))
                    .with_help("unset means `None`; for a value when unset, drop the `?` and keep the default"),
            );
        } else if default_text(scalar, &default.value).is_none() {
            out.report(
                SETTING_DEFAULT_INVALID
                    .at(
                        default.span,
                        format!("the default of `{env}` is not a `{}`", scalar.name()),
                    )
                    .with_help("write a value of the setting's type, or change the type"),
            );
        }
    }
}
