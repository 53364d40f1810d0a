//! Mail, the craft: building the MIME messages with lettre (issues and the
//! confirmation mail), DKIM, and connections to the SMTP relay. Who receives
//! mail is decided by the store, what goes when by `delivery` and `optin`;
//! nothing here knows the workspace.

pub mod confirmation;
pub mod dkim;
pub mod message;
pub mod smtp;

pub use message::{MessageError, Outgoing, build_message};
pub use smtp::{Connection, Relay, SmtpError};
