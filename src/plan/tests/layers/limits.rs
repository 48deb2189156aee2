//! The tests of the layers with a threshold or a generated value: gzip's `minimum_size`, the
//! body limit and the timeout from both sides, and request ids.

use super::*;
use crate::model::{Layer, LayerKind, Route};

impl Planner {
    pub(super) fn gzip(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        minimum: u64,
    ) -> bool {
        let endpoint = route.endpoint;
        if endpoint.method == "HEAD" {
            return false;
        }
        // Another gzip layer with a lower threshold hides this one's on this route.
        let shadowed = layers.iter().enumerate().any(|(i, l)| {
            i != position
                && matches!(l.kind, LayerKind::Gzip { minimum_size, .. } if minimum_size < minimum)
        });
        if shadowed {
            return false;
        }
        let mut sizes = vec![minimum];
        if minimum > 0 {
            sizes.insert(0, minimum - 1);
        }
        for size in sizes {
            let mut request = base_request(route, layers);
            request.set_header("accept-encoding", "gzip");
            request.set_header(BODY_SIZE_HEADER, size.to_string());
            let (expect, _) = self.expect(route, layers, &request);
            let compressed = size >= minimum;
            self.push(
                format!(
                    "{}_gzip_{}_a_{size}_byte_body",
                    endpoint.name,
                    if compressed { "compresses" } else { "skips" }
                ),
                format!(
                    "A {size}-byte body is {} (`minimum_size` is {minimum}).",
                    if compressed {
                        "gzipped and decompresses to the same bytes"
                    } else {
                        "sent as it is"
                    }
                ),
                request,
                expect,
            );
        }
        // The example itself, when it is large enough: it decompresses to the spec's bytes.
        if let Some(body) = example_body(endpoint).filter(|b| b.len() as u64 >= minimum) {
            let mut request = base_request(route, layers);
            request.set_header("accept-encoding", "gzip");
            let (mut expect, answer) = self.expect(route, layers, &request);
            if expect
                .equal
                .iter()
                .any(|(n, v)| n == "content-encoding" && v == "gzip")
                && answer.position == layers.len()
            {
                expect.body_gunzip = Some(body);
                self.push(
                    format!("{}_gzip_compresses_the_example", endpoint.name),
                    "The example body is gzipped and decompresses to exactly the example.".into(),
                    request,
                    expect,
                );
            }
        }
        true
    }

    pub(super) fn body_limit(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        max_bytes: u64,
    ) -> bool {
        if max_bytes >= MAX_TEST_BODY {
            return true;
        }
        // A lower limit elsewhere on this route would answer first.
        let shadowed = layers.iter().enumerate().any(|(i, l)| {
            i != position
                && matches!(l.kind, LayerKind::BodyLimit { max_bytes: other } if other <= max_bytes)
        });
        if shadowed {
            return false;
        }
        for size in [max_bytes, max_bytes + 1] {
            let mut request = base_request(route, layers);
            // The example body, padded with spaces to the size, is still the example to a
            // typed endpoint; without one (or one larger than the size), `x` bytes.
            match request.body.take() {
                Some(body) if body.len() as u64 <= size => {
                    request.padding = Some(size - body.len() as u64);
                    request.body = Some(body);
                }
                _ => {}
            }
            request.body_size = Some(size);
            if size > max_bytes {
                Self::with_origin(&mut request, layers);
                Self::with_gzip(&mut request, layers);
            }
            let (expect, _) = self.expect(route, layers, &request);
            let over = size > max_bytes;
            self.push(
                format!(
                    "{}_{}_a_{size}_byte_body",
                    route.endpoint.name,
                    if over { "rejects" } else { "accepts" }
                ),
                format!(
                    "A {size}-byte body is {} the limit is {max_bytes} bytes.",
                    if over { "answered 413:" } else { "accepted:" }
                ),
                request,
                expect,
            );
        }
        true
    }

    pub(super) fn request_id(&mut self, route: &Route, layers: &[&Layer], header: &str) -> bool {
        let name = &route.endpoint.name;
        let long = "a".repeat(129);
        for (label, sent, doc) in [
            (
                "gets_a_new_request_id",
                None,
                format!("A request without {header} gets one created and echoed."),
            ),
            (
                "replaces_a_too_long_request_id",
                Some(long.as_str()),
                format!("A {header} of 129 characters is replaced by a new one."),
            ),
            (
                "replaces_a_request_id_with_a_space",
                Some("not valid"),
                format!("A {header} with a space is replaced by a new one."),
            ),
        ] {
            let mut request = base_request(route, layers);
            request.remove_header(header);
            if let Some(value) = sent {
                request.set_header(header, value);
            }
            let (expect, _) = self.expect(route, layers, &request);
            self.push(format!("{name}_{label}"), doc, request, expect);
        }
        true
    }

    pub(super) fn timeout(
        &mut self,
        route: &Route,
        layers: &[&Layer],
        position: usize,
        millis: u64,
    ) -> bool {
        // A shorter timeout elsewhere on this route would fire first.
        let shadowed = layers.iter().enumerate().any(|(i, l)| {
            i != position
                && matches!(l.kind, LayerKind::Timeout { millis: other } if other <= millis + 1)
        });
        if shadowed || millis < 2 {
            return false;
        }
        for (delay, label) in [(millis - 1, "in_time"), (millis + 1, "too_late")] {
            let mut request = base_request(route, layers);
            request.set_header(DELAY_HEADER, delay.to_string());
            if delay > millis {
                Self::with_origin(&mut request, layers);
                Self::with_gzip(&mut request, layers);
            }
            let (expect, _) = self.expect(route, layers, &request);
            self.push_case(
                format!("{}_answers_{label}", route.endpoint.name),
                format!(
                    "An answer after {delay} ms is {} the timeout is {millis} ms.",
                    if delay > millis {
                        "replaced by 408:"
                    } else {
                        "sent:"
                    }
                ),
                request,
                expect,
                true,
            );
        }
        true
    }
}
