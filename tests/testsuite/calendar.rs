//! Events belong in calendars: each event's `.ics`, the archive's calendar
//! of all events and its page of upcoming events, read back with the
//! `icalendar` crate's parser as a calendar app would read them.

use std::str::FromStr;

use chrono::NaiveDate;
use icalendar::{
    Calendar, CalendarComponent, CalendarDateTime, Component, DatePerhapsTime, EventLike,
};

use crate::util::TestWorkspace;

const BASE: &str = "https://www.example.org/rundbrief/";

fn parse(text: &str) -> Calendar {
    Calendar::from_str(text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

fn events(calendar: &Calendar) -> Vec<&icalendar::Event> {
    calendar
        .components
        .iter()
        .filter_map(CalendarComponent::as_event)
        .collect()
}

fn zones(calendar: &Calendar) -> Vec<String> {
    calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Other(other) if other.component_kind() == "VTIMEZONE" => {
                other.property_value("TZID").map(str::to_string)
            }
            _ => None,
        })
        .collect()
}

fn by_summary<'a>(events: &[&'a icalendar::Event], summary: &str) -> &'a icalendar::Event {
    events
        .iter()
        .find(|e| e.get_summary() == Some(summary))
        .unwrap_or_else(|| panic!("no event {summary}"))
}

#[test]
fn the_calendar_of_all_events_parses_and_carries_the_workspace_zone() {
    let ws = TestWorkspace::sample();
    ws.run(&["archive"]).expect(0);
    let text = ws.read("public/termine.ics");
    assert!(text.contains("\r\n"), "iCalendar lines end in CRLF");
    let calendar = parse(&text);
    let all = events(&calendar);
    // Three events in 2026-Q3, four in 2026-Q4.
    assert_eq!(all.len(), 7, "{text}");
    assert_eq!(
        zones(&calendar),
        vec!["Europe/Berlin".to_string()],
        "{text}"
    );
    assert!(
        text.contains("BEGIN:DAYLIGHT") && text.contains("BEGIN:STANDARD"),
        "{text}"
    );

    let seminar = by_summary(&all, "Seminar: Jugendbegegnungen planen und finanzieren");
    assert_eq!(
        seminar.get_start(),
        Some(DatePerhapsTime::DateTime(CalendarDateTime::WithTimezone {
            date_time: NaiveDate::from_ymd_opt(2027, 1, 21)
                .unwrap()
                .and_hms_opt(10, 0, 0)
                .unwrap(),
            tzid: "Europe/Berlin".into(),
        }))
    );
    assert_eq!(
        seminar.get_location(),
        Some("Auslandsgesellschaft, Steinstraße 48, Dortmund")
    );
    assert_eq!(
        seminar.get_url(),
        Some("https://www.example.org/netzwerkstelle/seminare")
    );
    assert_eq!(
        seminar.get_uid(),
        Some("2026-q4.seminar-jugendbegegnungen-planen-und-finanzieren@www.example.org")
    );
    // No link of its own: the issue that announces it.
    let ideas = by_summary(&all, "Ideenbörse digital: Partnerschaft per Videokonferenz");
    assert_eq!(ideas.get_url(), Some(format!("{BASE}2026-q4/").as_str()));

    // A whole day is a whole day: a DATE, ending the next day.
    let day = by_summary(&all, "Tag der Städtepartnerschaften 2027");
    let may = |d| DatePerhapsTime::Date(NaiveDate::from_ymd_opt(2027, 5, d).unwrap());
    assert_eq!(day.get_start(), Some(may(8)));
    assert_eq!(day.get_end(), Some(may(9)));
    assert!(text.contains("DTSTART;VALUE=DATE:20270508\r\n"), "{text}");

    let mut uids: Vec<_> = all.iter().map(|e| e.get_uid().unwrap()).collect();
    uids.sort_unstable();
    uids.dedup();
    assert_eq!(uids.len(), 7, "UIDs are unique: {uids:?}");

    // The same events give the same file: a reader's calendar sees no change.
    ws.run(&["archive"]).expect(0);
    assert_eq!(ws.read("public/termine.ics"), text);
}

#[test]
fn each_event_has_its_own_file_in_the_zone_of_the_workspace() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "rundbrief.toml",
        "[sender]",
        "timezone = \"America/New_York\"\n\n[sender]",
    );
    ws.run(&["archive"]).expect(0);
    let text = ws.read(
        "public/2026-q4/termine/offene-sprechstunde-foerdermittel-fuer-partnerschaftsprojekte-2027.ics",
    );
    let calendar = parse(&text);
    let [event] = events(&calendar)[..] else {
        panic!("one event: {text}")
    };
    assert_eq!(zones(&calendar), vec!["America/New_York".to_string()]);
    assert!(
        text.contains("DTSTART;TZID=America/New_York:20261203T150000\r\n"),
        "{text}"
    );
    assert!(text.contains("TZOFFSETTO:-0500\r\n"), "{text}");
    assert_eq!(
        event.get_location(),
        Some("Online (Zugangsdaten nach Anmeldung)")
    );

    // A whole-day event alone needs no zone.
    let day = ws.read("public/2026-q4/termine/tag-der-staedtepartnerschaften-2027.ics");
    let calendar = parse(&day);
    assert!(zones(&calendar).is_empty(), "{day}");
    assert_eq!(events(&calendar).len(), 1);
}

#[test]
fn the_email_links_each_event_to_its_calendar_file() {
    let ws = TestWorkspace::sample();
    ws.run(&["build", "2026-Q4"]).expect(0);
    let html = ws.read("out/2026-Q4/email.html");
    let text = ws.read("out/2026-Q4/email.txt");
    let url = format!("{BASE}2026-q4/termine/tag-der-staedtepartnerschaften-2027.ics");
    assert_eq!(
        html.matches("In den Kalender eintragen").count(),
        4,
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{url}\"")), "{html}");
    assert!(
        text.contains(&format!("In den Kalender eintragen:\n  {url}\n")),
        "{text}"
    );
    // The English edition says it in English.
    let english = ws.read("out/2026-Q4/email.en.html");
    assert!(english.contains("Add to calendar"), "{english}");

    // And the archive serves what the email links to.
    ws.run(&["archive"]).expect(0);
    let file = url.strip_prefix(BASE).unwrap();
    assert!(ws.path(&format!("public/{file}")).is_file());
}

#[test]
fn the_events_page_lists_what_is_to_come_and_offers_the_whole_calendar() {
    let ws = TestWorkspace::sample();
    ws.edit(
        "issues/2026-Q4/issue.toml",
        "[[events]]\ndate = 2027-05-08",
        "[[events]]\ndate = 2099-06-01T09:30:00\ntitle = \"Jubiläum in ferner Zukunft\"\n\n[[events]]\ndate = 2027-05-08",
    );
    ws.run(&["archive"]).expect(0);
    let page = ws.read("public/termine/index.html");
    assert!(page.contains("Jubiläum in ferner Zukunft"), "{page}");
    assert!(
        page.contains(&format!(
            "{BASE}2026-q4/termine/jubilaeum-in-ferner-zukunft.ics"
        )),
        "{page}"
    );
    // Gone by: 17 September 2026.
    assert!(!page.contains("Partnerschaften neu beleben"), "{page}");
    assert!(
        page.contains(&format!("href=\"{BASE}termine.ics\"")),
        "{page}"
    );
    let index = ws.read("public/index.html");
    assert!(
        index.contains(&format!("href=\"{BASE}termine/\"")),
        "{index}"
    );
}
