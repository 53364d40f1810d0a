//! Mail, the craft: building the MIME messages with lettre (issues and the
//! confirmation mail), DKIM, connections to the SMTP relay, and what comes
//! back: the return mailbox (IMAP or Maildir, `inbox`) and reading each
//! mail in it (`report`). Who receives
//! mail is decided by the store, what goes when by `delivery` and `optin`;
//! nothing here knows the workspace.

pub mod confirmation;
pub mod dkim;
pub mod edition;
pub mod inbox;
pub mod message;
pub mod report;
pub mod smtp;

pub use edition::{Edition, SealError, Sealed};
pub use message::{MessageError, Outgoing, build_message};
pub use smtp::{Connection, Relay, SmtpError};
