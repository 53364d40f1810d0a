//! Mail: building the MIME messages with lettre (issues and the confirmation
//! mail) and talking to the SMTP relay. Who receives mail is decided by the
//! store, not here.

pub mod confirmation;
pub mod message;
pub mod sender;
pub mod smtp;

pub use message::{MessageError, Outgoing, build_message};
pub use smtp::{Connection, Relay, SmtpError};
