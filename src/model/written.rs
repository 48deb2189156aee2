//! Dates and date-times as the generated server writes them: the runtime's own parser and
//! writer (`templates/src/validation/calendar.rs`) compiled here too, so a test that expects an
//! example body expects the bytes the server sends (GitHub's `2025-10-15T13:53:05.741Z` is
//! written `2025-10-15T13:53:05.741000Z`, as pydantic writes it).

#[allow(dead_code)]
#[path = "../../templates/src/validation/calendar.rs"]
mod calendar;

use calendar::{Date, DateTime};

/// A `date-time` as the server writes it once read (`DateTimeV`'s order: a date-time or a
/// timestamp, else a date at midnight without an offset); `None` when it reads neither.
pub fn date_time(text: &str) -> Option<String> {
    if let Ok(datetime) = DateTime::parse(text.as_bytes()) {
        return Some(datetime.to_string());
    }
    Date::parse(text.as_bytes())
        .ok()
        .map(|date| format!("{date}T00:00:00"))
}

/// A `date` as the server writes it once read (`DateV`'s order: a date, else a date-time at
/// midnight); `None` when it reads neither.
pub fn date(text: &str) -> Option<String> {
    if let Ok(date) = Date::parse(text.as_bytes()) {
        return Some(date.to_string());
    }
    DateTime::parse(text.as_bytes())
        .ok()
        .filter(DateTime::is_midnight)
        .map(|datetime| datetime.date.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_written_as_pydantic_writes_them() {
        assert_eq!(
            date_time("2025-10-15T13:53:05.741Z").as_deref(),
            Some("2025-10-15T13:53:05.741000Z")
        );
        assert_eq!(
            date_time("2026-11-28t10:00+00:00").as_deref(),
            Some("2026-11-28T10:00:00Z")
        );
        assert_eq!(
            date_time("2026-11-28").as_deref(),
            Some("2026-11-28T00:00:00")
        );
        assert_eq!(date_time("not a date"), None);
        assert_eq!(date("2026-11-28T00:00:00Z").as_deref(), Some("2026-11-28"));
        assert_eq!(date("2026-11-28").as_deref(), Some("2026-11-28"));
    }
}
