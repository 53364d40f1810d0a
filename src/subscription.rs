//! The confirmation mail of the double opt-in, as the CLI (`subscribers add`,
//! `import`) and `serve` both send it: rendered in the subscriber's language
//! with their personal link, sent over the relay, and logged.

use chrono::{DateTime, Utc};
use lettre::message::Mailbox;

use crate::locale::{Catalog, args};
use crate::mail::{self, Connection, Relay, SmtpError};
use crate::render::{self, ConfirmationView};
use crate::store::{Source, Subscriber, Token};
use crate::workspace::Workspace;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error(transparent)]
    Smtp(#[from] SmtpError),
    #[error("{0}")]
    Template(crate::check::Diagnostic),
    #[error(transparent)]
    Message(#[from] mail::MessageError),
}

/// The confirm link of a token, answered by `rundbrief serve`.
pub fn confirm_url(ws: &Workspace, token: &Token) -> String {
    ws.config
        .site
        .public_url()
        .join(&format!("confirm/{}", token.as_str()))
}

/// The unsubscribe link of a token.
pub fn unsubscribe_url(ws: &Workspace, token: &Token) -> String {
    crate::urls::unsubscribe_url(ws.config.site.public_url(), token.as_str())
}

/// How a subscription was asked for, as the confirmation mail says it.
fn how(ws: &Workspace, catalog: &Catalog, source: Source) -> String {
    let site = &ws.config.site.name;
    let host = ws
        .config
        .site
        .public_url()
        .as_str()
        .split('/')
        .nth(2)
        .unwrap_or_default()
        .to_string();
    match source {
        Source::Form => catalog.format("confirm-mail-how-form", &args([("host", host)])),
        _ => catalog.format("confirm-mail-how-staff", &args([("site", site.as_str())])),
    }
}

/// Renders and sends confirmation mails; one per workspace, reused.
pub struct ConfirmationMailer {
    ws: Workspace,
    env: minijinja::Environment<'static>,
    relay: Relay,
    connection: Option<Connection>,
}

impl ConfirmationMailer {
    pub fn new(ws: &Workspace) -> ConfirmationMailer {
        ConfirmationMailer {
            env: render::templates::environment(&ws.templates_dir()),
            relay: Relay::from_config(&ws.config.smtp, &ws.root),
            ws: ws.clone(),
            connection: None,
        }
    }

    /// The confirmation mail for `subscriber`, ready to send.
    pub fn message(
        &self,
        subscriber: &Subscriber,
        token: &Token,
        source: Source,
        ip: Option<std::net::IpAddr>,
        requested: DateTime<Utc>,
    ) -> Result<lettre::Message, MailError> {
        let catalog = self.ws.locales.shared(subscriber.lang);
        let url = confirm_url(&self.ws, token);
        let local = requested.with_timezone(&chrono::Local).naive_local();
        let view = ConfirmationView {
            address: &subscriber.address,
            name: subscriber.name.as_deref(),
            confirm_url: &url,
            requested: catalog.date_time(local),
            how: how(&self.ws, &catalog, source),
            ip: ip.map(|ip| ip.to_string()),
            expiry_days: self.ws.config.subscribers.confirm_expiry_days,
        };
        let (html, text) =
            render::render_confirmation(&self.ws.config, &self.env, Arc::clone(&catalog), &view)
                .map_err(MailError::Template)?;
        let to = Mailbox::new(
            subscriber.name.clone(),
            subscriber
                .address
                .parse()
                .map_err(
                    |e: lettre::address::AddressError| mail::MessageError::Mailbox {
                        field: "to",
                        value: subscriber.address.clone(),
                        reason: e.to_string(),
                    },
                )?,
        );
        Ok(mail::confirmation::build(
            &self.ws.config,
            &catalog,
            to,
            html,
            text,
        )?)
    }

    /// Sends a message over the kept connection, opening (or reopening) it
    /// as needed; returns the server's reply.
    pub async fn send(&mut self, message: &lettre::Message) -> Result<String, MailError> {
        for attempt in 0..2 {
            let mut connection = match self.connection.take() {
                Some(open) if !open.is_broken() => open,
                _ => self.relay.connect().await?,
            };
            match connection.send(message).await {
                Ok(reply) => {
                    self.connection = Some(connection);
                    return Ok(reply);
                }
                // A connection the server closed while idle: one more try on a new one.
                Err(SmtpError::Dropped(_)) if attempt == 0 => continue,
                Err(e) => return Err(e.into()),
            }
        }
        unreachable!("the second attempt returns")
    }

    pub async fn close(&mut self) {
        if let Some(connection) = self.connection.take() {
            connection.quit().await;
        }
    }
}
