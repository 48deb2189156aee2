//! Bodies: the JSON request body, the first success response and the error statuses, and
//! their examples.

use crate::import::Importer;
use crate::import::document::Node;
use crate::import::draft::{BodyDraft, Droppable, EndpointDraft, ResponseDraft};
use crate::import::rules::{APPROXIMATED, DROPPED, child};
use std::collections::BTreeMap;

impl Importer<'_> {
    pub(super) fn request(
        &mut self,
        body: &Node,
        pointer: &str,
        op_type: &str,
    ) -> Option<BodyDraft> {
        let (body, pointer) = self.follow(body, pointer)?;
        let body = body.clone();
        let (media, media_type) = self.json_media(&body, &pointer)?;
        let at = child(&child(&pointer, "content"), &media);
        let schema = media_type
            .get("schema")
            .cloned()
            .unwrap_or(Node::Object(Vec::new()));
        let ty = self.schema_type(
            &schema,
            &child(&at, "schema"),
            &format!("{op_type}Request"),
            0,
        );
        if !self.model_names.contains(&ty.draft.text) {
            self.notes.note(
                DROPPED,
                &child(&at, "schema"),
                "a request body that is not an object (a list, a scalar, or a union the server cannot tell apart)".into(),
                "left out: axumgen reads a request body into a model; the handler gets no body",
            );
            return None;
        }
        if body.get("required").and_then(Node::as_bool) != Some(true) {
            self.notes.note(
                APPROXIMATED,
                &pointer,
                "an optional request body".into(),
                "required: axumgen reads a typed body on every request",
            );
        }
        if ty.nullable {
            self.notes.note(
                APPROXIMATED,
                &child(&at, "schema"),
                "a request body that may be `null`".into(),
                "an object is required: axumgen reads a request body into a model",
            );
        }
        let example = self.example(&media_type, &schema, &at);
        Some(BodyDraft {
            model: ty.draft.text,
            example,
        })
    }

    /// The first success response becomes the endpoint's; error statuses are listed.
    pub(super) fn responses(
        &mut self,
        operation: &Node,
        pointer: &str,
        op_type: &str,
        endpoint: &mut EndpointDraft,
    ) {
        let responses_pointer = child(pointer, "responses");
        let mut by_status: BTreeMap<u16, (Node, String)> = BTreeMap::new();
        let mut default = None;
        for (status, response) in operation.get("responses").map_or(&[][..], Node::entries) {
            let at = child(&responses_pointer, status);
            let Some((response, at)) = self.follow(response, &at) else {
                continue;
            };
            let code = match status.as_str() {
                "default" => {
                    default = Some((response.clone(), at));
                    continue;
                }
                range if range.len() == 3 && range.ends_with("XX") => {
                    range[..1].parse::<u16>().ok().map(|c| c * 100)
                }
                exact => exact.parse::<u16>().ok(),
            };
            match code {
                Some(code @ 100..=599) => {
                    by_status.insert(code, (response.clone(), at));
                }
                _ => self.notes.note(
                    DROPPED,
                    &at,
                    format!("the response status `{status}`"),
                    "left out",
                ),
            }
        }
        let success = by_status.keys().copied().find(|s| (200..300).contains(s));
        let chosen = match success {
            Some(status) => by_status.remove(&status).map(|r| (status, r)),
            None => default.take().map(|r| (200, r)),
        };
        endpoint.response = ResponseDraft {
            status: 200,
            model: None,
            example: None,
        };
        if let Some((status, (response, at))) = chosen {
            endpoint.response.status = status;
            if let Some((media, media_type)) = self.json_media(&response, &at) {
                let media_at = child(&child(&at, "content"), &media);
                let schema = media_type
                    .get("schema")
                    .cloned()
                    .unwrap_or(Node::Object(Vec::new()));
                let ty = self.schema_type(
                    &schema,
                    &child(&media_at, "schema"),
                    &format!("{op_type}Response"),
                    0,
                );
                endpoint.response.model = Some(ty.text(ty.nullable));
                endpoint.response.example = self.example(&media_type, &schema, &media_at);
            }
            if response.get("headers").is_some() {
                self.notes.note(
                    DROPPED,
                    &child(&at, "headers"),
                    "response headers".into(),
                    "left out: the example handler does not send them",
                );
            }
        }
        for (status, (_, at)) in by_status {
            match status {
                200..=299 => self.notes.note(
                    DROPPED,
                    &at,
                    "a second success response".into(),
                    "left out: an endpoint has one success response, the first",
                ),
                400..=599 => endpoint.errors.push(status),
                _ => self.notes.note(
                    DROPPED,
                    &at,
                    format!("a `{}xx` response", status / 100),
                    "left out: only success and error responses are described",
                ),
            }
        }
        if let Some((_, at)) = default {
            self.notes.note(
                DROPPED,
                &at,
                "a `default` response beside a success response".into(),
                "left out",
            );
        }
    }

    /// The JSON media type of a body or response, noting any other kind it has.
    pub(super) fn json_media(&mut self, holder: &Node, pointer: &str) -> Option<(String, Node)> {
        let content = holder.get("content")?;
        let mut found = None;
        for (media, media_type) in content.entries() {
            let essence = media
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let json =
                essence == "application/json" || essence.ends_with("+json") || essence == "*/*";
            if json && found.is_none() {
                found = Some((media.clone(), media_type.clone()));
            } else {
                self.notes.note(
                    DROPPED,
                    &child(&child(pointer, "content"), media),
                    if json {
                        "a second JSON media type".to_string()
                    } else {
                        format!("a body of type `{essence}`")
                    },
                    "left out: axumgen reads and writes JSON bodies",
                );
            }
        }
        found
    }

    /// The example of a media type (`example`, the first of `examples`, or the schema's).
    pub(super) fn example(
        &mut self,
        media_type: &Node,
        schema: &Node,
        pointer: &str,
    ) -> Option<Droppable> {
        let (value, at) = if let Some(example) = media_type.get("example") {
            (example.clone(), child(pointer, "example"))
        } else if let Some((name, example)) =
            media_type.get("examples").and_then(|e| e.entries().first())
        {
            let at = child(&child(pointer, "examples"), name);
            let (example, at) = self.follow(example, &at)?;
            (example.get("value")?.clone(), child(&at, "value"))
        } else {
            let (schema, at) = self.follow(schema, &child(pointer, "schema"))?;
            (schema.get("example")?.clone(), child(&at, "example"))
        };
        Some(Droppable {
            value: value.to_json(),
            pointer: at,
            schema: Some(child(pointer, "schema")),
            dropped: false,
        })
    }
}
