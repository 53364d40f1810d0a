//! The reader's own page, `/preferences/{token}`: name, language and
//! interests; everything kept about them and its download (DSGVO Art. 15,
//! 20); unsubscribing and erasure (Art. 17) after a confirming step; a move
//! to a new address, confirmed at `/new-address/{token}`; and `/preferences`
//! without a token, where a reader asks for a fresh link by mail. A GET
//! shows, only a POST changes anything.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::{App, LangQuery, client_network, invalid_link};
use crate::address::Address;
use crate::locale::Lang;
use crate::optin::Notice;
use crate::store::{AddressChange, AddressChanged, Origin, Preferences, Record, Source, Token};
use crate::subscriber_csv::check_name;
use crate::workspace::Workspace;

/// The fields of a posted form, in order; a checkbox may repeat.
pub(super) struct Posted(Vec<(String, String)>);

impl Posted {
    pub(super) fn new(pairs: Vec<(String, String)>) -> Posted {
        Posted(pairs)
    }

    pub(super) fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    /// The interests ticked, as far as the workspace knows them.
    pub(super) fn interests(&self, app: &App) -> Vec<String> {
        let vocabulary = &app.inner.ws.config.vocabulary;
        let mut chosen: Vec<String> = self
            .0
            .iter()
            .filter(|(key, _)| key == "interest")
            .map(|(_, value)| value.trim().to_lowercase())
            .filter(|value| vocabulary.interests().any(|known| known == value))
            .collect();
        chosen.sort();
        chosen.dedup();
        chosen
    }
}

/// The interest checkboxes for a page in `lang`, grouped as the vocabulary is.
pub(super) fn interest_groups(ws: &Workspace, lang: Lang, chosen: &[String]) -> minijinja::Value {
    let vocabulary = &ws.config.vocabulary;
    let words = super::Words(ws.locales.get(lang));
    let group = |label: &str, tags: &[String]| {
        let options: Vec<_> = tags
            .iter()
            .map(|tag| {
                minijinja::context! {
                    slug => tag,
                    label => vocabulary.label_in(tag, lang),
                    checked => chosen.contains(tag),
                }
            })
            .collect();
        minijinja::context! { label => label, options => options }
    };
    let mut groups = Vec::new();
    if !vocabulary.countries.is_empty() {
        groups.push(group(
            words.get("interests_countries"),
            &vocabulary.countries,
        ));
    }
    if !vocabulary.themes.is_empty() {
        groups.push(group(words.get("interests_themes"), &vocabulary.themes));
    }
    minijinja::Value::from(groups)
}

/// A page or the JSON of a preferences link: the token and whose it is.
async fn open(app: &App, token: &str, headers: &HeaderMap) -> Result<(Token, Record), Response> {
    let Some(token) = Token::parse(token) else {
        return Err(invalid_link(app, app.visitor_lang(None, headers)));
    };
    let found = token.clone();
    let record = app
        .store(move |store, _| match store.by_preferences_token(&found)? {
            Some(subscriber) => store.record(subscriber.id).map(Some),
            None => Ok(None),
        })
        .await?;
    match record {
        Some(record) => Ok((token, record)),
        None => Err(invalid_link(app, app.visitor_lang(None, headers))),
    }
}

/// The page itself, with a line on top saying what the last POST did.
fn page(
    app: &App,
    status: StatusCode,
    token: &Token,
    record: &Record,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let s = &record.subscriber;
    let lang = s.lang;
    let t = app.words(lang);
    let catalog = app.inner.ws.locales.get(lang);
    let zone = app.inner.ws.config.site.timezone;
    let when = |at: chrono::DateTime<chrono::Utc>| catalog.zoned(at, zone);
    let word = |prefix: &str, value: &str| {
        let key = format!("{prefix}_{}", value.replace('-', "_"));
        let found = t.get(&key);
        if found.is_empty() {
            value.to_string()
        } else {
            found.to_string()
        }
    };
    let vocabulary = &app.inner.ws.config.vocabulary;
    let interests = if record.interests.is_empty() {
        t.get("preferences_everything").to_string()
    } else {
        record
            .interests
            .iter()
            .map(|tag| vocabulary.label_in(tag, lang))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut fields = vec![
        (
            t.get("preferences_field_status"),
            word("status", s.status.as_str()),
        ),
        (
            t.get("preferences_field_name"),
            s.name.clone().unwrap_or_default(),
        ),
        (
            t.get("preferences_field_language"),
            catalog.text("language-name"),
        ),
        (t.get("preferences_field_interests"), interests),
        (t.get("preferences_field_created"), when(s.created_at)),
    ];
    if let Some(at) = s.confirmed_at {
        fields.push((t.get("preferences_field_confirmed"), when(at)));
    }
    if let Some(at) = s.unsubscribed_at {
        fields.push((t.get("preferences_field_unsubscribed"), when(at)));
    }
    let fields: Vec<_> = fields
        .into_iter()
        .map(|(label, value)| minijinja::context! { label => label, value => value })
        .collect();
    let history: Vec<_> = record
        .history
        .iter()
        .map(|event| {
            minijinja::context! {
                iso => event.at.to_rfc3339(),
                when => when(event.at),
                kind => word("event", event.kind.as_str()),
                source => word("source", event.source.as_str()),
                detail => event.detail.as_deref(),
            }
        })
        .collect();
    let new_address = record.new_address.as_ref().map(|(address, _)| {
        catalog.format(
            "preferences-address-pending",
            &crate::locale::args([("address", address.as_str())]),
        )
    });
    let response = app.page(
        status,
        "web/preferences.html",
        lang,
        t.get("preferences_title"),
        minijinja::context! {
            token => token.as_str(),
            address => &s.address,
            name => s.name.as_deref().unwrap_or(""),
            languages => super::language_options(&app.inner.ws),
            interests => interest_groups(&app.inner.ws, lang, &record.interests),
            fields => fields,
            history => history,
            new_address => new_address,
            subscribed => s.status == crate::store::Status::Confirmed
                || s.status == crate::store::Status::Pending,
            notice => notice,
            error => error,
        },
    );
    same_origin(response)
}

/// A page whose forms post where the Origin check looks: under the usual
/// `no-referrer` a browser would send `Origin: null`, which it refuses.
fn same_origin(mut response: Response) -> Response {
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

pub(super) async fn show(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match open(&app, &token, &headers).await {
        Ok((token, record)) => page(&app, StatusCode::OK, &token, &record, None, None),
        Err(response) => response,
    }
}

/// Art. 20: the record as a JSON file.
pub(super) async fn download(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match open(&app, &token, &headers).await {
        Ok((_, record)) => (
            [
                (header::CONTENT_TYPE, "application/json; charset=utf-8"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"rundbrief-data.json\"",
                ),
            ],
            record.to_json(),
        )
            .into_response(),
        Err(response) => response,
    }
}

/// Every form of the page posts here; `action` says which.
pub(super) async fn act(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let (token, record) = match open(&app, &token, &headers).await {
        Ok(opened) => opened,
        Err(response) => return response,
    };
    let lang = record.subscriber.lang;
    let t = app.words(lang);
    if let Some(refused) = app.refuse_foreign_post(lang, &headers) {
        return refused;
    }
    let origin = app.origin(Source::Page, peer, &headers);
    let id = record.subscriber.id;
    match posted.get("action") {
        "save" => save(&app, &token, &record, &posted, origin).await,
        "unsubscribe" => {
            let outcome = app
                .store(move |store, _| store.unsubscribe_id(id, &origin, crate::store::now()))
                .await;
            match outcome {
                Ok(_) => super::unsubscribed_page(&app, lang),
                Err(response) => response,
            }
        }
        "erase" => same_origin(app.page(
            StatusCode::OK,
            "web/erase.html",
            lang,
            t.get("preferences_erase_title"),
            minijinja::context! {
                token => token.as_str(),
                address => &record.subscriber.address,
            },
        )),
        "erase-confirmed" => {
            let canonical = record.subscriber.canonical.clone();
            let outcome = app
                .store(move |store, key| {
                    store.forget_canonical(
                        key,
                        &canonical,
                        crate::store::ErasureReason::ErasedByReader,
                        crate::store::now(),
                    )
                })
                .await;
            match outcome {
                Ok(_) => app.message(
                    lang,
                    StatusCode::OK,
                    t.get("preferences_erased_title"),
                    t.get("preferences_erased_text"),
                    None,
                ),
                Err(response) => response,
            }
        }
        "address" => {
            new_address(
                &app,
                &token,
                &record,
                posted.get("email"),
                origin,
                peer,
                &headers,
            )
            .await
        }
        _ => page(&app, StatusCode::BAD_REQUEST, &token, &record, None, None),
    }
}

async fn save(
    app: &App,
    token: &Token,
    record: &Record,
    posted: &Posted,
    origin: Origin,
) -> Response {
    let lang = record.subscriber.lang;
    let t = app.words(lang);
    let name = posted.get("name").trim().to_string();
    if check_name(&name).is_err() {
        return page(
            app,
            StatusCode::UNPROCESSABLE_ENTITY,
            token,
            record,
            None,
            Some(t.get("invalid_address").to_string()),
        );
    }
    let chosen = Preferences {
        name: Some(name),
        lang: posted
            .get("lang")
            .parse::<Lang>()
            .ok()
            .filter(|l| app.languages().contains(l)),
        interests: posted.interests(app),
    };
    let id = record.subscriber.id;
    let changed = app
        .store(move |store, _| {
            let changed = store.change_preferences(id, &chosen, &origin, crate::store::now())?;
            Ok((changed.is_some(), store.record(id)?))
        })
        .await;
    match changed {
        Ok((changed, record)) => {
            // In the language just chosen.
            let t = app.words(record.subscriber.lang);
            let notice = if changed {
                t.get("preferences_saved")
            } else {
                t.get("preferences_unchanged")
            };
            page(
                app,
                StatusCode::OK,
                token,
                &record,
                Some(notice.to_string()),
                None,
            )
        }
        Err(response) => response,
    }
}

/// Mails a confirm link to the address the reader wants to move to.
async fn new_address(
    app: &App,
    token: &Token,
    record: &Record,
    email: &str,
    origin: Origin,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Response {
    let lang = record.subscriber.lang;
    let t = app.words(lang);
    let catalog = app.inner.ws.locales.get(lang);
    let refuse =
        |status: StatusCode, problem: String| page(app, status, token, record, None, Some(problem));
    let Ok(new) = Address::parse(email) else {
        return refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            t.get("invalid_address").to_string(),
        );
    };
    let now = Instant::now();
    let ip = client_network(app.client_ip(peer, headers));
    if !app.inner.per_ip.allow(&ip, now) || !app.inner.per_address.allow(&new.mailbox_key(), now) {
        return refuse(StatusCode::TOO_MANY_REQUESTS, t.get("too_many").to_string());
    }
    let id = record.subscriber.id;
    let expiry = chrono::Duration::days(app.inner.ws.config.subscribers.confirm_expiry_days.into());
    let asked = new.clone();
    let outcome = app
        .store(move |store, _| {
            store.request_address_change(id, &asked, expiry, &origin, crate::store::now())
        })
        .await;
    match outcome {
        Ok(AddressChange::Mail { token: link, .. }) => {
            let url = crate::urls::new_address_url(app.inner.ws.config.site.public_url(), &link);
            let sent = app
                .inner
                .optin
                .mail_notice(new.as_str(), lang, Notice::NewAddress { url: &url })
                .await;
            if let Err(e) = sent {
                return app.failed(&e);
            }
            let notice = catalog.format(
                "preferences-address-sent",
                &crate::locale::args([("address", new.as_str())]),
            );
            let id = record.subscriber.id;
            match app.store(move |store, _| store.record(id)).await {
                Ok(record) => page(app, StatusCode::OK, token, &record, Some(notice), None),
                Err(response) => response,
            }
        }
        Ok(AddressChange::Same) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            t.get("preferences_address_same").to_string(),
        ),
        // Told as plainly as "same": the page is the subscriber's own, so it
        // reveals only that the address is on some list, to its holder of a link.
        Ok(AddressChange::Taken) => refuse(
            StatusCode::UNPROCESSABLE_ENTITY,
            t.get("preferences_address_taken").to_string(),
        ),
        Err(response) => response,
    }
}

/// GET `/new-address/{token}`: what the link would do, and a button.
pub(super) async fn new_address_page(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = Token::parse(&token) else {
        return invalid_link(&app, app.visitor_lang(None, &headers));
    };
    let link = token.clone();
    match app
        .store(move |store, _| store.peek_address_change(&link))
        .await
    {
        Ok(Some((subscriber, address))) => app.page(
            StatusCode::OK,
            "web/new_address.html",
            subscriber.lang,
            app.words(subscriber.lang).get("new_address_title"),
            minijinja::context! {
                token => token.as_str(),
                old => &subscriber.address,
                address => address,
            },
        ),
        Ok(None) => invalid_link(&app, app.visitor_lang(None, &headers)),
        Err(response) => response,
    }
}

/// POST `/new-address/{token}`: the new address becomes the reader's.
pub(super) async fn confirm_new_address(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = Token::parse(&token) else {
        return invalid_link(&app, app.visitor_lang(None, &headers));
    };
    let origin = app.origin(Source::Link, peer, &headers);
    let outcome = app
        .store(move |store, _| store.confirm_address_change(&token, &origin, crate::store::now()))
        .await;
    match outcome {
        Ok(AddressChanged::Now(subscriber)) => {
            let lang = subscriber.lang;
            let text = app.inner.ws.locales.get(lang).format(
                "new-address-done",
                &crate::locale::args([("address", subscriber.address.as_str())]),
            );
            app.message(
                lang,
                StatusCode::OK,
                app.words(lang).get("new_address_done_title"),
                &text,
                None,
            )
        }
        Ok(AddressChanged::Expired(subscriber)) => super::expired_link(&app, subscriber.lang),
        Ok(AddressChanged::Taken(subscriber)) => {
            let t = app.words(subscriber.lang);
            app.message(
                subscriber.lang,
                StatusCode::CONFLICT,
                t.get("new_address_title"),
                t.get("preferences_address_taken"),
                None,
            )
        }
        Ok(AddressChanged::Unknown) => invalid_link(&app, app.visitor_lang(None, &headers)),
        Err(response) => response,
    }
}

/// GET `/preferences`: the form to ask for a fresh link.
pub(super) async fn ask_link_form(
    State(app): State<App>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = app.visitor_lang(query.lang.as_deref(), &headers);
    same_origin(app.page(
        StatusCode::OK,
        "web/ask_link.html",
        lang,
        app.words(lang).get("ask_link_title"),
        minijinja::context! {},
    ))
}

/// POST `/preferences`: a subscribed address gets a new link by mail (the
/// old one stops working). The answer is the same whether or not the
/// address is subscribed, and the sign-up's limits apply.
pub(super) async fn ask_link(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let posted = Posted::new(pairs);
    let lang = app.visitor_lang(Some(posted.get("lang")), &headers);
    let t = app.words(lang);
    if let Some(refused) = app.refuse_foreign_post(lang, &headers) {
        return refused;
    }
    let now = Instant::now();
    let ip = client_network(app.client_ip(peer, &headers));
    if !app.inner.per_ip.allow(&ip, now) {
        return app.message(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            t.get("too_many_title"),
            t.get("too_many"),
            None,
        );
    }
    let sent = || {
        app.message(
            lang,
            StatusCode::OK,
            t.get("ask_link_sent_title"),
            t.get("ask_link_sent"),
            None,
        )
    };
    let Ok(address) = Address::parse(posted.get("email")) else {
        return sent();
    };
    if !app.inner.per_address.allow(&address.mailbox_key(), now) {
        return sent();
    }
    let origin = app.origin(Source::Form, peer, &headers);
    let canonical = address.canonical().to_string();
    let renewed = app
        .store(move |store, key| {
            let Some(found) = store.find(&canonical)? else {
                return Ok(None);
            };
            if !matches!(
                found.status,
                crate::store::Status::Confirmed | crate::store::Status::Pending
            ) {
                return Ok(None);
            }
            let token =
                store.renew_preferences_token(key, found.id, &origin, crate::store::now())?;
            Ok(Some((found, token)))
        })
        .await;
    match renewed {
        Ok(Some((subscriber, token))) => {
            // In the background: how long the answer takes must not tell
            // whether the address is subscribed.
            let app = app.clone();
            tokio::spawn(async move {
                let url =
                    crate::urls::preferences_url(app.inner.ws.config.site.public_url(), &token);
                if let Err(e) = app
                    .inner
                    .optin
                    .mail_notice(
                        &subscriber.address,
                        subscriber.lang,
                        Notice::PreferencesLink { url: &url },
                    )
                    .await
                {
                    eprintln!("rundbrief serve: {e}");
                }
            });
            sent()
        }
        Ok(None) => sent(),
        Err(response) => response,
    }
}
