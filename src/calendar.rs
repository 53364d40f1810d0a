//! Events as iCalendar (RFC 5545): the calendar file of one event and the
//! calendar of all events, in the workspace's time zone. A timed event
//! carries `TZID` and the calendar the zone's `VTIMEZONE`, so a reader's
//! calendar shows the hour the office meant wherever the reader is; a
//! whole-day event is a `DATE` to the next day. The UID comes from the
//! issue and the event's key, so a rewritten file updates the reader's
//! entry instead of adding a second one.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};
use icalendar::{Calendar, CalendarDateTime, Component, EventLike, Property};

use crate::content::{Event, Issue, When};
use crate::urls::SiteUrls;

/// An event together with the issue that announces it.
#[derive(Debug, Clone, Copy)]
pub struct Announced<'a> {
    pub issue: &'a Issue,
    pub event: &'a Event,
}

/// The calendar's UID of an event: `2026-q4.sprechstunde@example.org`.
pub fn uid(announced: Announced<'_>, urls: SiteUrls<'_>) -> String {
    format!(
        "{}.{}@{}",
        announced.issue.id.url_segment(),
        announced.event.key,
        urls.host()
    )
}

/// A calendar (`.ics`, CRLF lines) of `events`, named `name`, in `zone`.
/// The same events give the same bytes: DTSTAMP is the issue's date, not
/// the moment of writing, so an unchanged archive stays unchanged.
pub fn calendar(name: &str, zone: Tz, urls: SiteUrls<'_>, events: &[Announced<'_>]) -> String {
    let mut calendar = Calendar::empty();
    for (key, value) in [
        ("VERSION", "2.0"),
        ("PRODID", "-//rundbrief//rundbrief//DE"),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("X-WR-CALNAME", name),
        ("X-WR-TIMEZONE", zone.name()),
    ] {
        calendar.append_property(Property::new(key, value));
    }
    for &announced in events {
        calendar.push(vevent(announced, zone, urls));
    }
    let text = calendar.to_string();
    let timed: Vec<NaiveDateTime> = events
        .iter()
        .filter_map(|a| match a.event.when {
            When::At(at) => Some(at),
            When::Day(_) => None,
        })
        .collect();
    if timed.is_empty() {
        return text;
    }
    // icalendar gives every component a DTSTAMP and a UID, which a
    // VTIMEZONE must not have; so the zone is written here and put before
    // the first event, where RFC 5545 wants a zone its events refer to.
    let first = timed.iter().map(Datelike::year).min().unwrap_or(2000);
    let last = timed.iter().map(Datelike::year).max().unwrap_or(2000);
    let at = text
        .find("BEGIN:VEVENT")
        .expect("a calendar with timed events has a VEVENT");
    format!(
        "{}{}{}",
        &text[..at],
        vtimezone(zone, first, last),
        &text[at..]
    )
}

fn vevent(announced: Announced<'_>, zone: Tz, urls: SiteUrls<'_>) -> icalendar::Event {
    let Announced { issue, event } = announced;
    let mut vevent = icalendar::Event::new();
    vevent
        .uid(&uid(announced, urls))
        .timestamp(Utc.from_utc_datetime(&issue.date.and_time(NaiveTime::MIN)))
        .summary(&event.title);
    match event.when {
        When::Day(day) => {
            vevent
                .starts(day)
                .ends(day.succ_opt().unwrap_or(NaiveDate::MAX));
        }
        When::At(at) => {
            vevent.starts(CalendarDateTime::WithTimezone {
                date_time: at,
                tzid: zone.name().to_string(),
            });
        }
    }
    if let Some(place) = &event.place {
        vevent.location(place);
    }
    // The event's own page, else the issue that announces it.
    let link = event
        .link
        .clone()
        .unwrap_or_else(|| urls.edition(&issue.id, issue.lang, issue.lang));
    vevent.url(&link);
    vevent.done()
}

/// One change of a zone's offset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Transition {
    /// The moment of change, in UTC.
    at: NaiveDateTime,
    from: i32,
    to: i32,
    daylight: bool,
    name: Option<String>,
}

/// The `VTIMEZONE` of `zone` for the years `first..=last`: each change of
/// offset from the year before to the year after, as explicit observances
/// (no RRULE to get wrong), or one observance for a zone without changes.
fn vtimezone(zone: Tz, first: i32, last: i32) -> String {
    let mut out = format!("BEGIN:VTIMEZONE\r\nTZID:{}\r\n", zone.name());
    let transitions = transitions(zone, first - 1, last + 1);
    if transitions.is_empty() {
        let start = NaiveDate::from_ymd_opt(1970, 1, 1)
            .expect("a date")
            .and_time(NaiveTime::MIN);
        let offset = zone.offset_from_utc_datetime(&start);
        let seconds = offset.fix().local_minus_utc();
        out.push_str(&observance(&Transition {
            at: start,
            from: seconds,
            to: seconds,
            daylight: false,
            name: offset.abbreviation().map(str::to_string),
        }));
    }
    for transition in transitions {
        out.push_str(&observance(&transition));
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

fn observance(t: &Transition) -> String {
    let kind = if t.daylight { "DAYLIGHT" } else { "STANDARD" };
    // DTSTART of an observance is local time before the change.
    let local = t.at + Duration::seconds(i64::from(t.from));
    let name = t
        .name
        .as_ref()
        .map(|name| format!("TZNAME:{name}\r\n"))
        .unwrap_or_default();
    format!(
        "BEGIN:{kind}\r\nDTSTART:{}\r\nTZOFFSETFROM:{}\r\nTZOFFSETTO:{}\r\n{name}END:{kind}\r\n",
        local.format("%Y%m%dT%H%M%S"),
        utc_offset(t.from),
        utc_offset(t.to),
    )
}

/// `+0100`, `-0330`, as TZOFFSETFROM and TZOFFSETTO want it.
fn utc_offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// Every change of offset in the years `first..=last`, to the second:
/// found day by day, then narrowed by halving.
fn transitions(zone: Tz, first: i32, last: i32) -> Vec<Transition> {
    let offset_at = |at: NaiveDateTime| {
        let offset = zone.offset_from_utc_datetime(&at);
        (
            offset.fix().local_minus_utc(),
            offset.dst_offset() != chrono::TimeDelta::zero(),
            offset.abbreviation().map(str::to_string),
        )
    };
    let (Some(start), Some(end)) = (
        NaiveDate::from_ymd_opt(first, 1, 1),
        NaiveDate::from_ymd_opt(last + 1, 1, 1),
    ) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut day = start.and_time(NaiveTime::MIN);
    let end = end.and_time(NaiveTime::MIN);
    while day < end {
        let next = day + Duration::days(1);
        let before = offset_at(day);
        let after = offset_at(next);
        if before.0 != after.0 || before.1 != after.1 {
            // Whole seconds: offsets change on the second.
            let (mut low, mut high) = (day, next);
            while high - low > Duration::seconds(1) {
                let middle = low + Duration::seconds((high - low).num_seconds() / 2);
                if offset_at(middle) == before {
                    low = middle;
                } else {
                    high = middle;
                }
            }
            found.push(Transition {
                at: high,
                from: before.0,
                to: after.0,
                daylight: after.1,
                name: after.2.clone(),
            });
        }
        day = next;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_written_with_sign_hours_and_minutes() {
        for (seconds, text) in [
            (3600, "+0100"),
            (7200, "+0200"),
            (0, "+0000"),
            (-12_600, "-0330"),
            (19_800, "+0530"),
        ] {
            assert_eq!(utc_offset(seconds), text, "{seconds}");
        }
    }

    #[test]
    fn berlin_changes_twice_a_year_at_one_and_two_utc() {
        let found = transitions(chrono_tz::Europe::Berlin, 2026, 2026);
        let at = |text: &str| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            found,
            vec![
                Transition {
                    at: at("2026-03-29 01:00"),
                    from: 3600,
                    to: 7200,
                    daylight: true,
                    name: Some("CEST".into()),
                },
                Transition {
                    at: at("2026-10-25 01:00"),
                    from: 7200,
                    to: 3600,
                    daylight: false,
                    name: Some("CET".into()),
                },
            ]
        );
        // Local time before the change: 02:00 in winter, 03:00 in summer.
        assert!(observance(&found[0]).contains("DTSTART:20260329T020000\r\n"));
        assert!(observance(&found[1]).contains("DTSTART:20261025T030000\r\n"));
    }

    #[test]
    fn a_zone_without_changes_has_one_standard_observance() {
        for (zone, offset) in [
            (chrono_tz::UTC, "+0000"),
            (chrono_tz::Asia::Kolkata, "+0530"),
        ] {
            let text = vtimezone(zone, 2026, 2026);
            assert_eq!(text.matches("BEGIN:STANDARD").count(), 1, "{text}");
            assert!(!text.contains("DAYLIGHT"), "{text}");
            assert!(text.contains(&format!("TZOFFSETTO:{offset}\r\n")), "{text}");
        }
    }
}
