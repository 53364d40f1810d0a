//! Sliding-window limits for sign-ups: per client (an IPv4 address or an
//! IPv6 /64), so a script cannot flood the list, and per mailbox, so nobody
//! can mail-bomb a victim through the form. Kept in memory: a restart
//! forgives.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// At most `max` events per key within `window`.
pub(super) struct Limit<K> {
    max: usize,
    window: Duration,
    seen: Mutex<HashMap<K, VecDeque<Instant>>>,
}

impl<K: Hash + Eq + Clone> Limit<K> {
    pub(super) fn new(max: usize, window: Duration) -> Limit<K> {
        Limit {
            max,
            window,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an event for `key` at `now`; `false` when it is one too many
    /// (and then it does not count, so a flood does not extend its own ban).
    pub(super) fn allow(&self, key: &K, now: Instant) -> bool {
        let mut seen = self
            .seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if seen.len() > 10_000 {
            // Forget keys whose window has passed, so memory stays bounded.
            seen.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|last| now.duration_since(*last) < self.window)
            });
        }
        let times = seen.entry(key.clone()).or_default();
        while times
            .front()
            .is_some_and(|first| now.duration_since(*first) >= self.window)
        {
            times.pop_front();
        }
        if times.len() >= self.max {
            return false;
        }
        times.push_back(now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_admits_max_events_and_then_slides() {
        let limit = Limit::new(2, Duration::from_secs(60));
        let start = Instant::now();
        assert!(limit.allow(&"a", start));
        assert!(limit.allow(&"a", start + Duration::from_secs(1)));
        assert!(!limit.allow(&"a", start + Duration::from_secs(2)));
        assert!(
            limit.allow(&"b", start + Duration::from_secs(2)),
            "keys are counted apart"
        );
        assert!(limit.allow(&"a", start + Duration::from_secs(61)));
    }
}
