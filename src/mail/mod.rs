//! Mail: building the MIME messages with lettre. Sending them in batches over
//! SMTP joins this module with the sending work; who receives mail is decided
//! by the store, not here.

pub mod message;

pub use message::{MessageError, Outgoing, build_message};
