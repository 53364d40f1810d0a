//! `rundbrief serve`: the subscriber's HTTP endpoints — the sign-up form,
//! confirm and unsubscribe links (a GET shows a button and changes nothing;
//! the POST acts), RFC 8058 one-click — with pages in their language.

mod limits;
mod preferences;

use std::collections::VecDeque;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use minijinja::value::Serde;
use serde::Deserialize;

use crate::address::Address;
use crate::locale::{Catalog, Lang};
use crate::optin::{OptIn, SharedStore};
use crate::secret::SecretKey;
use crate::store::{
    Confirmed, Origin, Purpose, Requested, Source, Status, Store, StoreError, Subscriber, Token,
    TokenCheck, Unsubscribed,
};
use crate::subscriber_csv::check_name;
use crate::workspace::Workspace;
use limits::Limit;

/// Form posts are small; anything larger is not a person filling in a form.
const BODY_LIMIT: usize = 16 * 1024;
/// Sign-ups for one mailbox per hour, whoever asks.
const SIGNUPS_PER_ADDRESS_PER_HOUR: usize = 3;

/// The running server's state, shared by all requests.
#[derive(Clone)]
pub struct App {
    inner: Arc<Inner>,
}

struct Inner {
    ws: Workspace,
    store: SharedStore,
    key: SecretKey,
    optin: OptIn,
    per_ip: Limit<IpAddr>,
    /// Counted per mailbox ([`Address::mailbox_key`]), not per address.
    per_address: Limit<String>,
    /// `default-src 'none'` and the few things the pages need.
    csp: HeaderValue,
    /// The origins whose pages may post the sign-up form: the public URL's
    /// and `[serve] form_origins`.
    form_origins: Vec<String>,
}

impl App {
    pub fn new(ws: &Workspace, store: Store, key: SecretKey) -> App {
        let config = &ws.config;
        let store: SharedStore = Arc::new(Mutex::new(store));
        let origin = config.site.public_url().origin();
        let mut form_origins = config.serve.form_origins.clone();
        form_origins.push(origin.clone());
        // The logo comes from the archive, which may live on another host.
        let archive = config.site.base_url.origin();
        let csp = format!(
            "default-src 'none'; style-src 'self' {origin}; img-src 'self' {archive}; form-action 'self' {origin}; \
             frame-ancestors 'none'; base-uri 'none'"
        );
        App {
            inner: Arc::new(Inner {
                optin: OptIn::new(ws, key.clone(), Arc::clone(&store)),
                per_ip: Limit::new(
                    config.serve.subscribes_per_ip_per_hour as usize,
                    Duration::from_secs(3600),
                ),
                per_address: Limit::new(SIGNUPS_PER_ADDRESS_PER_HOUR, Duration::from_secs(3600)),
                csp: HeaderValue::from_str(&csp)
                    .unwrap_or(HeaderValue::from_static("default-src 'none'")),
                form_origins,
                ws: ws.clone(),
                store,
                key,
            }),
        }
    }

    pub fn router(self) -> Router {
        Router::new()
            .route("/", get(|| async { Redirect::to("subscribe") }))
            .route("/style.css", get(style))
            .route("/subscribe", get(subscribe_form).post(subscribe))
            .route("/confirm/{token}", get(confirm_page).post(confirm))
            .route(
                "/unsubscribe/{token}",
                get(unsubscribe_page).post(unsubscribe),
            )
            .route(
                "/preferences",
                get(preferences::ask_link_form).post(preferences::ask_link),
            )
            .route(
                "/preferences/{token}",
                get(preferences::show).post(preferences::act),
            )
            .route("/preferences/{token}/data.json", get(preferences::download))
            .route(
                "/new-address/{token}",
                get(preferences::new_address_page).post(preferences::confirm_new_address),
            )
            .fallback(not_found)
            .layer(axum::middleware::from_fn_with_state(
                self.clone(),
                security_headers,
            ))
            .layer(DefaultBodyLimit::max(BODY_LIMIT))
            .with_state(self)
    }

    /// Runs `work` on the store off the async threads.
    async fn store<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Store, &SecretKey) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, Response> {
        let app = self.clone();
        match tokio::task::spawn_blocking(move || {
            let mut store = app
                .inner
                .store
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            work(&mut store, &app.inner.key)
        })
        .await
        {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) => Err(self.failed(&e)),
            Err(e) => Err(self.failed(&e)),
        }
    }

    /// The page for a request the server could not carry out; the cause goes
    /// to the log, not to the visitor.
    fn failed(&self, cause: &dyn std::fmt::Display) -> Response {
        eprintln!("rundbrief serve: {cause}");
        let lang = self.inner.ws.config.site.default_lang();
        let t = self.words(lang);
        self.message(
            lang,
            StatusCode::INTERNAL_SERVER_ERROR,
            t.get("server_error_title"),
            t.get("server_error"),
            None,
        )
    }

    /// Renders a page of `web/`, or a plain error if the template fails.
    fn page(
        &self,
        status: StatusCode,
        name: &str,
        lang: Lang,
        title: &str,
        extra: minijinja::Value,
    ) -> Response {
        let config = &self.inner.ws.config;
        let context = minijinja::context! {
            site => minijinja::context! {
                name => &config.site.name,
                base_url => config.site.base_url.as_str(),
                postal_address => &config.sender.postal_address,
                privacy_url => config.site.privacy_url.as_ref().map(crate::config::BaseUrl::as_str),
                imprint_url => config.site.imprint_url.as_ref().map(crate::config::BaseUrl::as_str),
                logo_url => crate::render::logo_url(config),
            },
            public_url => config.site.public_url().as_str(),
            lang => lang.code(),
            t => Serde(self.inner.ws.locales.get(lang).words()),
            title => title,
            ..extra
        };
        match self
            .inner
            .ws
            .templates
            .get_template(name)
            .and_then(|template| template.render(context))
        {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => {
                eprintln!(
                    "rundbrief serve: {}",
                    crate::t!(
                        "serve-template-failed",
                        name = name,
                        problem = format!("{e:#}")
                    )
                );
                (StatusCode::INTERNAL_SERVER_ERROR, "template error").into_response()
            }
        }
    }

    fn message(
        &self,
        lang: Lang,
        status: StatusCode,
        title: &str,
        text: &str,
        link: Option<(&str, String)>,
    ) -> Response {
        let link = link.map(|(label, url)| minijinja::context! { label => label, url => url });
        self.page(
            status,
            "web/message.html",
            lang,
            title,
            minijinja::context! { text => text, link => link },
        )
    }

    fn subscribe_url(&self, lang: Lang) -> String {
        self.inner
            .ws
            .config
            .site
            .public_url()
            .join(&format!("subscribe?lang={lang}"))
    }

    /// The client: the socket's peer, or what a trusted proxy says it saw.
    fn client_ip(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let trusted = &self.inner.ws.config.serve.trusted_proxies;
        if !trusted.contains(&peer.ip()) {
            return peer.ip();
        }
        // The rightmost address a trusted proxy did not add is the client.
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|part| part.trim().parse().ok())
            .collect();
        forwarded
            .iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .copied()
            .unwrap_or(peer.ip())
    }

    /// Whether a sign-up was posted by a page allowed to: its `Origin`
    /// (else its `Referer`) must be ours or one of `form_origins`, so that no
    /// other site can make its visitors sign someone up. A post with
    /// neither header is let through: browsers always send `Origin` on a
    /// cross-site post, and scripts (curl) can set any header anyway.
    fn posted_from_our_form(&self, headers: &HeaderMap) -> bool {
        let claimed = headers
            .get(header::ORIGIN)
            .or_else(|| headers.get(header::REFERER))
            .map(|value| value.to_str().unwrap_or_default());
        let Some(claimed) = claimed else {
            return true;
        };
        // A sandboxed page or a privacy setting sends `Origin: null`.
        let origin = url::Url::parse(claimed)
            .map(|url| url.origin())
            .ok()
            .filter(url::Origin::is_tuple);
        origin.is_some_and(|origin| {
            let origin = origin.ascii_serialization();
            self.inner.form_origins.contains(&origin)
        })
    }

    /// The page for a form posted from another site (see
    /// [`App::posted_from_our_form`]), or `None` for one of ours.
    fn refuse_foreign_post(&self, lang: Lang, headers: &HeaderMap) -> Option<Response> {
        if self.posted_from_our_form(headers) {
            return None;
        }
        let t = self.words(lang);
        Some(self.message(
            lang,
            StatusCode::FORBIDDEN,
            t.get("foreign_form_title"),
            t.get("foreign_form"),
            Some((t.get("subscribe_title"), self.subscribe_url(lang))),
        ))
    }

    /// Where a request came from, as the consent log records it.
    fn origin(&self, source: Source, peer: SocketAddr, headers: &HeaderMap) -> Origin {
        let user_agent = headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok());
        Origin::client(source, self.client_ip(peer, headers), user_agent)
    }

    /// What a link's token stands for, changing nothing.
    async fn peek(
        &self,
        token: &Token,
        purpose: Purpose,
    ) -> Result<(TokenCheck, Option<Subscriber>), Response> {
        let token = token.clone();
        self.store(move |store, _| store.peek(&token, purpose))
            .await
    }

    /// The page of a link with a button that does what the link is for.
    fn button_page(
        &self,
        template: &str,
        title: &str,
        subscriber: &Subscriber,
        token: &Token,
    ) -> Response {
        let context =
            minijinja::context! { address => &subscriber.address, token => token.as_str() };
        self.page(StatusCode::OK, template, subscriber.lang, title, context)
    }

    /// The fixed words of the pages in `lang`.
    fn words(&self, lang: Lang) -> Words<'_> {
        Words(self.inner.ws.locales.get(lang))
    }

    fn languages(&self) -> &[Lang] {
        &self.inner.ws.config.site.languages
    }

    /// The language a visitor without a subscription reads: asked for, else
    /// what the browser prefers, else the site's first.
    fn visitor_lang(&self, asked: Option<&str>, headers: &HeaderMap) -> Lang {
        let offered = self.languages();
        if let Some(lang) = asked
            .and_then(|code| code.parse::<Lang>().ok())
            .filter(|l| offered.contains(l))
        {
            return lang;
        }
        let accept = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        accept
            .split(',')
            .filter_map(|part| part.split(';').next()?.trim().parse::<Lang>().ok())
            .find(|lang| offered.contains(lang))
            .unwrap_or(self.inner.ws.config.site.default_lang())
    }
}

/// What a sign-up limit counts as one client: an IPv4 address, or an
/// IPv6 /64 — one household or server gets a whole /64 and picks from it.
fn client_network(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(std::net::Ipv6Addr::from_bits(
                v6.to_bits() & !u128::from(u64::MAX),
            )),
        },
    }
}

async fn security_headers(
    State(app): State<App>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, app.inner.csp.clone());
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static("no-store"));
    response
}

/// Serves `app` on `listener` until `shutdown` completes; requests in
/// flight finish first.
///
/// Slow clients (slowloris) must not starve the others: a client has to
/// send a request's headers within `header_read_timeout`, at most
/// `max_connections` are open at once (so the file descriptors never run
/// out), and when that many are open a new connection takes the place of the
/// oldest one that is not being answered, rather than waiting behind it.
pub async fn serve(
    app: App,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let settings = &app.inner.ws.config.serve;
    let header_timeout = settings.header_read_timeout.0;
    let max = settings.max_connections.max(1);
    let permits = Arc::new(tokio::sync::Semaphore::new(max as usize));
    let open = OpenConnections::new(max as usize);
    let (closing, closed) = tokio::sync::watch::channel(false);
    let router = app.router();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of descriptors or a connection reset before it was
                    // accepted: pause a moment instead of spinning.
                    eprintln!("rundbrief serve: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
        };
        let permit = if let Ok(permit) = Arc::clone(&permits).try_acquire_owned() {
            permit
        } else {
            open.evict_oldest_idle();
            tokio::select! {
                () = &mut shutdown => break,
                permit = Arc::clone(&permits).acquire_owned() => permit.expect("never closed"),
            }
        };
        let state = Arc::new(ConnectionState::default());
        open.add(&state);
        let routes = hyper_util::service::TowerToHyperService::new(
            router.clone().layer(axum::Extension(ConnectInfo(peer))),
        );
        let service = {
            let state = Arc::clone(&state);
            hyper::service::service_fn(move |request| {
                state.busy.store(true, Ordering::Relaxed);
                let answer = hyper::service::Service::call(&routes, request);
                let state = Arc::clone(&state);
                async move {
                    let answer = answer.await;
                    state.busy.store(false, Ordering::Relaxed);
                    answer
                }
            })
        };
        let mut closed = closed.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(header_timeout);
            let connection =
                builder.serve_connection(hyper_util::rt::TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => return,
                // Dropped: the client was waiting for nothing.
                () = state.evict.notified() => return,
                _ = closed.wait_for(|closing| *closing) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    drop(listener);
    let _ = closing.send(true);
    // Every connection holds a permit until it ends.
    let _ = permits.acquire_many(max).await;
    Ok(())
}

/// One open connection, as the accept loop sees it.
#[derive(Default)]
struct ConnectionState {
    /// A request is being answered; such a connection is never evicted.
    busy: AtomicBool,
    evict: tokio::sync::Notify,
}

/// The open connections, oldest first, with some that have ended.
struct OpenConnections {
    max: usize,
    open: Mutex<VecDeque<Weak<ConnectionState>>>,
}

impl OpenConnections {
    fn new(max: usize) -> OpenConnections {
        OpenConnections {
            max,
            open: Mutex::new(VecDeque::new()),
        }
    }

    fn add(&self, state: &Arc<ConnectionState>) {
        let mut open = self.lock();
        // At most `max` are alive: forgetting the ended ones now and then
        // keeps the list short.
        if open.len() > 2 * self.max {
            open.retain(|state| state.strong_count() > 0);
        }
        open.push_back(Arc::downgrade(state));
    }

    /// Ends the oldest connection that is not being answered — one sending
    /// its headers, or idle between requests.
    fn evict_oldest_idle(&self) {
        let mut open = self.lock();
        open.retain(|state| state.strong_count() > 0);
        let idle = open.iter().position(|state| {
            state
                .upgrade()
                .is_some_and(|state| !state.busy.load(Ordering::Relaxed))
        });
        if let Some(state) = idle.and_then(|at| open.remove(at)?.upgrade()) {
            state.evict.notify_one();
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Weak<ConnectionState>>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

async fn style(State(app): State<App>) -> Response {
    let css = app
        .inner
        .ws
        .templates
        .get_template("web/style.css")
        .and_then(|t| {
            t.render(minijinja::context! {
                accent => app.inner.ws.config.site.accent_color.to_string(),
            })
        })
        .unwrap_or_default();
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        css,
    )
        .into_response()
}

/// The words of a page, by their template names (`confirm_title`).
struct Words<'a>(&'a Catalog);

impl<'a> Words<'a> {
    fn get(&self, key: &str) -> &'a str {
        self.0.words().get(key).map_or("", String::as_str)
    }
}

async fn not_found(State(app): State<App>, headers: HeaderMap) -> Response {
    let lang = app.visitor_lang(None, &headers);
    let t = app.words(lang);
    app.message(
        lang,
        StatusCode::NOT_FOUND,
        t.get("not_found_title"),
        "",
        Some((t.get("subscribe_title"), app.subscribe_url(lang))),
    )
}

#[derive(Deserialize)]
struct LangQuery {
    lang: Option<String>,
}

#[derive(Default)]
struct SignUp {
    email: String,
    name: String,
    lang: String,
    consent: Option<String>,
    /// The honeypot: hidden from people, filled in by bots.
    website: String,
    /// Ticked interests of the workspace's vocabulary.
    interests: Vec<String>,
}

impl SignUp {
    fn of(app: &App, posted: &preferences::Posted) -> SignUp {
        SignUp {
            email: posted.get("email").to_string(),
            name: posted.get("name").to_string(),
            lang: posted.get("lang").to_string(),
            consent: Some(posted.get("consent").to_string()).filter(|c| !c.is_empty()),
            website: posted.get("website").to_string(),
            interests: posted.interests(app),
        }
    }
}

/// A field of the sign-up form the visitor has to change.
#[derive(Debug, Clone, Copy)]
enum Invalid {
    Email,
    Name,
    Consent,
}

impl Invalid {
    /// The field's id in `web/signup_form.html`.
    fn field(self) -> &'static str {
        match self {
            Invalid::Email => "email",
            Invalid::Name => "name",
            Invalid::Consent => "consent",
        }
    }
}

/// The workspace's languages for a choice on a page, each by its own name.
fn language_options(ws: &Workspace) -> Vec<minijinja::Value> {
    ws.config
        .site
        .languages
        .iter()
        .map(|l| {
            minijinja::context! {
                code => l.code(),
                label => ws.locales.get(*l).text("language-name"),
            }
        })
        .collect()
}

/// What the sign-up form shows: the languages, the interests, the consent
/// text, what was typed before an error, and which field the error is about.
fn signup_form(
    ws: &Workspace,
    lang: Lang,
    form: &SignUp,
    error: Option<(Invalid, &str)>,
) -> minijinja::Value {
    let consent = ws
        .config
        .subscribers
        .consent_text(ws.locales.get(lang), &ws.config.site.name);
    minijinja::context! {
        email => &form.email,
        name => &form.name,
        languages => language_options(ws),
        interests => preferences::interest_groups(ws, lang, &form.interests),
        consent => consent,
        error => error.map(|(_, text)| text),
        invalid => error.map(|(field, _)| field.field()),
    }
}

/// `rundbrief serve --print-form`: the sign-up form in `lang` as a snippet
/// of HTML for the office's own website.
pub fn embeddable_form(ws: &Workspace, lang: Lang) -> Result<String, minijinja::Error> {
    let config = &ws.config;
    let context = minijinja::context! {
        site => minijinja::context! {
            name => &config.site.name,
            privacy_url => config.site.privacy_url.as_ref().map(crate::config::BaseUrl::as_str),
            imprint_url => config.site.imprint_url.as_ref().map(crate::config::BaseUrl::as_str),
        },
        public_url => config.site.public_url().as_str(),
        lang => lang.code(),
        t => Serde(ws.locales.get(lang).words()),
        ..signup_form(ws, lang, &SignUp::default(), None)
    };
    ws.templates.get_template("web/embed.html")?.render(context)
}

fn form_page(
    app: &App,
    status: StatusCode,
    lang: Lang,
    form: &SignUp,
    error: Option<(Invalid, &str)>,
) -> Response {
    let t = app.words(lang);
    let mut page = app.page(
        status,
        "web/subscribe.html",
        lang,
        t.get("subscribe_title"),
        signup_form(&app.inner.ws, lang, form, error),
    );
    // Under `no-referrer` a browser posts the form with `Origin: null`,
    // which the origin check must refuse (a sandboxed frame sends it too);
    // `same-origin` still tells no other site anything.
    page.headers_mut().insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    page
}

async fn subscribe_form(
    State(app): State<App>,
    Query(query): Query<LangQuery>,
    headers: HeaderMap,
) -> Response {
    let lang = app.visitor_lang(query.lang.as_deref(), &headers);
    form_page(&app, StatusCode::OK, lang, &SignUp::default(), None)
}

async fn subscribe(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let form = SignUp::of(&app, &preferences::Posted::new(pairs));
    let lang = app.visitor_lang(Some(&form.lang), &headers);
    let t = app.words(lang);
    if let Some(refused) = app.refuse_foreign_post(lang, &headers) {
        return refused;
    }
    let ip = client_network(app.client_ip(peer, &headers));
    let now = Instant::now();
    if !app.inner.per_ip.allow(&ip, now) {
        return app.message(
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            t.get("too_many_title"),
            t.get("too_many"),
            None,
        );
    }
    let check_inbox = || {
        app.message(
            lang,
            StatusCode::OK,
            t.get("check_inbox_title"),
            t.get("check_inbox"),
            None,
        )
    };
    if !form.website.is_empty() {
        // A bot: it sees what a person would, and nothing happens.
        return check_inbox();
    }
    // A problem the visitor can fix: the form again, with what to change.
    let refuse = |field: Invalid, problem: &str| {
        form_page(
            &app,
            StatusCode::UNPROCESSABLE_ENTITY,
            lang,
            &form,
            Some((field, problem)),
        )
    };
    let Ok(address) = Address::parse(&form.email) else {
        return refuse(Invalid::Email, t.get("invalid_address"));
    };
    let name = form.name.trim();
    if check_name(name).is_err() {
        return refuse(Invalid::Name, t.get("invalid_address"));
    }
    if form.consent.as_deref() != Some("yes") {
        return refuse(Invalid::Consent, t.get("consent_required"));
    }
    if !app.inner.per_address.allow(&address.mailbox_key(), now) {
        // Same answer as always: the form must not tell who subscribes.
        return check_inbox();
    }
    let origin = app.origin(Source::Form, peer, &headers);
    let name = (!name.is_empty()).then_some(name);
    match app
        .inner
        .optin
        .request(&address, name, lang, &form.interests, &origin)
        .await
    {
        Ok(Requested::Mail { subscriber, token }) => {
            // Mailed in the background: how long the answer takes must not
            // tell whether a mail went out.
            let app = app.clone();
            tokio::spawn(async move {
                let id = subscriber.id;
                if let Err(e) = app.inner.optin.mail(subscriber, &token, &origin).await {
                    let problem = e.to_string();
                    eprintln!(
                        "rundbrief serve: {}",
                        crate::t!("serve-confirmation-failed", id = id, problem = problem)
                    );
                }
            });
        }
        Ok(_) => {}
        Err(e) => return app.failed(&e),
    }
    check_inbox()
}

/// The page for a link that cannot be followed (any more): 404 for one
/// that is unknown or forged, 410 for one that expired; both offer the form.
fn link_problem(app: &App, lang: Lang, status: StatusCode) -> Response {
    let t = app.words(lang);
    let (title, text) = if status == StatusCode::GONE {
        (t.get("expired_link_title"), t.get("expired_link"))
    } else {
        (t.get("invalid_link_title"), t.get("invalid_link"))
    };
    app.message(
        lang,
        status,
        title,
        text,
        Some((t.get("subscribe_title"), app.subscribe_url(lang))),
    )
}

fn invalid_link(app: &App, lang: Lang) -> Response {
    link_problem(app, lang, StatusCode::NOT_FOUND)
}

fn expired_link(app: &App, lang: Lang) -> Response {
    link_problem(app, lang, StatusCode::GONE)
}

/// Confirmed: with the way to the reader's own page, where they choose
/// their interests.
async fn confirmed_page(app: &App, subscriber: &Subscriber) -> Response {
    let lang = subscriber.lang;
    let t = app.words(lang);
    let id = subscriber.id;
    let link = match app
        .store(move |store, key| store.preferences_token(key, id))
        .await
    {
        Ok(token) => Some((
            t.get("confirmed_preferences"),
            crate::urls::preferences_url(app.inner.ws.config.site.public_url(), &token),
        )),
        Err(response) => return response,
    };
    app.message(
        lang,
        StatusCode::OK,
        t.get("confirmed_title"),
        t.get("confirmed_text"),
        link,
    )
}

fn left_page(app: &App, lang: Lang) -> Response {
    let t = app.words(lang);
    app.message(
        lang,
        StatusCode::OK,
        t.get("left_title"),
        t.get("left_text"),
        Some((t.get("subscribe_again"), app.subscribe_url(lang))),
    )
}

async fn confirm_page(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = Token::parse(&token) else {
        return invalid_link(&app, app.visitor_lang(None, &headers));
    };
    match app.peek(&token, Purpose::Confirm).await {
        Ok((TokenCheck::Valid { .. } | TokenCheck::Used { .. }, Some(subscriber)))
            if matches!(
                subscriber.status,
                Status::Unsubscribed | Status::Bounced | Status::Complained
            ) =>
        {
            left_page(&app, subscriber.lang)
        }
        Ok((TokenCheck::Valid { .. }, Some(subscriber))) => {
            let title = app.words(subscriber.lang).get("confirm_title");
            app.button_page("web/confirm.html", title, &subscriber, &token)
        }
        Ok((TokenCheck::Used { .. }, Some(subscriber))) if subscriber.status == Status::Pending => {
            expired_link(&app, subscriber.lang)
        }
        Ok((TokenCheck::Used { .. }, Some(subscriber))) => confirmed_page(&app, &subscriber).await,
        Ok((TokenCheck::Expired { .. }, Some(subscriber))) => expired_link(&app, subscriber.lang),
        Ok(_) => invalid_link(&app, app.visitor_lang(None, &headers)),
        Err(response) => response,
    }
}

async fn confirm(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = Token::parse(&token) else {
        return invalid_link(&app, app.visitor_lang(None, &headers));
    };
    let origin = app.origin(Source::Link, peer, &headers);
    let version = app.inner.ws.config.subscribers.consent_version.clone();
    let outcome = app
        .store(move |store, _| store.confirm(&token, &origin, &version, crate::store::now()))
        .await;
    match outcome {
        Ok(Confirmed::Now(s)) => {
            welcome_in_background(&app, s.clone());
            confirmed_page(&app, &s).await
        }
        Ok(Confirmed::Already(s)) => confirmed_page(&app, &s).await,
        Ok(Confirmed::Expired(s)) => expired_link(&app, s.lang),
        Ok(Confirmed::Left(s)) => left_page(&app, s.lang),
        Ok(Confirmed::Unknown) => invalid_link(&app, app.visitor_lang(None, &headers)),
        Err(response) => response,
    }
}

/// The welcome mail, when one is wanted, sent after the answer: the
/// confirmation stands whatever the relay says, and a failure is logged.
fn welcome_in_background(app: &App, subscriber: crate::store::Subscriber) {
    if !app.inner.optin.welcomes(subscriber.lang) {
        return;
    }
    let app = app.clone();
    tokio::spawn(async move {
        if let Err(e) = app.inner.optin.welcome(&subscriber).await {
            let problem = e.to_string();
            eprintln!(
                "rundbrief serve: {}",
                crate::t!(
                    "serve-welcome-failed",
                    id = subscriber.id,
                    problem = problem
                )
            );
        }
    });
}

fn unsubscribed_page(app: &App, lang: Lang) -> Response {
    let t = app.words(lang);
    app.message(
        lang,
        StatusCode::OK,
        t.get("unsubscribed_title"),
        t.get("unsubscribed_text"),
        Some((t.get("subscribe_again"), app.subscribe_url(lang))),
    )
}

async fn unsubscribe_page(
    State(app): State<App>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(token) = Token::parse(&token) else {
        return invalid_link(&app, app.visitor_lang(None, &headers));
    };
    match app.peek(&token, Purpose::Unsubscribe).await {
        Ok((TokenCheck::Valid { .. }, Some(subscriber)))
            if subscriber.status == crate::store::Status::Unsubscribed =>
        {
            unsubscribed_page(&app, subscriber.lang)
        }
        Ok((TokenCheck::Valid { .. }, Some(subscriber))) => {
            let title = app.words(subscriber.lang).get("unsubscribe_title");
            app.button_page("web/unsubscribe.html", title, &subscriber, &token)
        }
        Ok(_) => invalid_link(&app, app.visitor_lang(None, &headers)),
        Err(response) => response,
    }
}

/// The button on the page, and RFC 8058's one-click POST from mail clients
/// (body `List-Unsubscribe=One-Click`). Idempotent.
async fn unsubscribe(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let Some(token) = Token::parse(&token) else {
        return invalid_link(&app, app.visitor_lang(None, &headers));
    };
    let one_click = body.contains("List-Unsubscribe=One-Click");
    let source = if one_click {
        Source::OneClick
    } else {
        Source::Link
    };
    let origin = app.origin(source, peer, &headers);
    let outcome = app
        .store(move |store, _| store.unsubscribe_by_token(&token, &origin, crate::store::now()))
        .await;
    match outcome {
        Ok(Unsubscribed::Now(s) | Unsubscribed::Already(s)) => unsubscribed_page(&app, s.lang),
        Ok(Unsubscribed::Unknown) => invalid_link(&app, app.visitor_lang(None, &headers)),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_is_an_ipv4_address_or_an_ipv6_slash_64() {
        let cases = [
            ("203.0.113.7", "203.0.113.7"),
            ("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::"),
            ("2001:db8:1:2::1", "2001:db8:1:2::"),
            ("2001:db8:1:3::1", "2001:db8:1:3::"),
            ("::ffff:198.51.100.4", "198.51.100.4"),
        ];
        for (ip, network) in cases {
            let ip: IpAddr = ip.parse().unwrap();
            assert_eq!(client_network(ip).to_string(), network, "{ip}");
        }
    }
}
