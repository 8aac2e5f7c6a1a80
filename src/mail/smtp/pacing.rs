//! Sending at the pace the relay allows: a rate and a connection ceiling set in the relay URL
//! (`?rate=…&connections=…&daily=…`), lowered by half when the relay says it is throttling
//! (`454`, `421`, or a `4.7.x` status) and raised back step by step while it does not
//! (additive increase, multiplicative decrease), and a daily quota after which sending waits
//! for the next day (UTC), by itself.
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{Datelike, Utc};

use crate::mail::SendError;

/// What the operator allows for one relay.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Messages a second at most; `None`: as fast as the connections go.
    pub rate: Option<f64>,
    /// Connections at most.
    pub connections: usize,
    /// Messages a day (UTC) at most, counted by this process.
    pub daily: Option<u64>,
}

/// How soon after a slow-down the pace may rise again, and by how much each time.
const CALM: Duration = Duration::from_secs(1);
/// Without a configured rate, a throttled relay is paced at half what went through in the
/// last second, then allowed a tenth more each calm second, and unpaced after this long.
const UNPACED_AFTER: Duration = Duration::from_secs(60);

pub struct Pacer {
    limits: Limits,
    state: Mutex<State>,
}

struct State {
    /// Current ceiling, messages a second (`None`: unpaced).
    rate: Option<f64>,
    connections: usize,
    next_slot: Instant,
    last_throttle: Option<Instant>,
    last_raise: Instant,
    /// Messages accepted in the current one-second window, and the last full window's count.
    window: (Instant, u64),
    last_second: u64,
    day: (i32, u32),
    sent_today: u64,
}

impl Pacer {
    pub fn new(limits: Limits) -> Self {
        let now = Instant::now();
        Self {
            limits,
            state: Mutex::new(State {
                rate: limits.rate,
                connections: limits.connections,
                next_slot: now,
                last_throttle: None,
                last_raise: now,
                window: (now, 0),
                last_second: 0,
                day: today(),
                sent_today: 0,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for this message's turn under the current rate; refuses once the day's quota is
    /// used (a relay-unavailable error: the message waits without spending an attempt).
    pub async fn wait_turn(&self) -> Result<(), SendError> {
        let slot = {
            let mut state = self.state();
            state.raise_when_calm(&self.limits);
            if let Some(daily) = self.limits.daily {
                state.roll_day();
                if state.sent_today >= daily {
                    return Err(SendError::relay_unavailable(format!(
                        "the relay's daily quota of {daily} messages is used; sending resumes \
                         at 00:00 UTC"
                    )));
                }
                // Booked now, so that concurrent senders cannot all take the last one.
                state.sent_today += 1;
            }
            let Some(rate) = state.rate else {
                return Ok(());
            };
            let now = Instant::now();
            let slot = state.next_slot.max(now);
            state.next_slot = slot + Duration::from_secs_f64(1.0 / rate.max(0.1));
            slot
        };
        tokio::time::sleep_until(slot.into()).await;
        Ok(())
    }

    /// The relay took the message, or answered about it without throttling.
    pub fn answered(&self, outcome: &Result<(), SendError>) {
        let mut state = self.state();
        match outcome {
            Ok(()) => state.count(),
            Err(error) => {
                // Not taken by the relay: the quota slot booked for it is given back.
                if self.limits.daily.is_some() {
                    state.sent_today = state.sent_today.saturating_sub(1);
                }
                if error.throttled {
                    state.slow_down(&self.limits);
                }
            }
        }
    }

    /// How many connections may be open now.
    pub fn connections(&self) -> usize {
        let mut state = self.state();
        state.raise_when_calm(&self.limits);
        state.connections
    }

    /// The current pace (messages a second).
    #[cfg(test)]
    pub fn rate(&self) -> Option<f64> {
        self.state().rate
    }
}

impl State {
    fn count(&mut self) {
        let now = Instant::now();
        if now.duration_since(self.window.0) >= Duration::from_secs(1) {
            self.last_second = self.window.1;
            self.window = (now, 0);
        }
        self.window.1 += 1;
    }

    fn slow_down(&mut self, limits: &Limits) {
        let now = Instant::now();
        // One decrease per calm period: the answers to messages already sent say the same.
        if self
            .last_throttle
            .is_some_and(|at| now.duration_since(at) < CALM)
        {
            return;
        }
        self.last_throttle = Some(now);
        self.last_raise = now;
        let going = self
            .rate
            .unwrap_or(self.last_second.max(self.window.1).max(2) as f64);
        self.rate = Some((going / 2.0).max(0.5));
        self.connections = (self.connections / 2).max(1);
        tracing::warn!(
            rate = self.rate,
            connections = self.connections,
            ceiling = limits.rate,
            "the relay is throttling; sending slows down"
        );
    }

    fn raise_when_calm(&mut self, limits: &Limits) {
        let now = Instant::now();
        let Some(throttled) = self.last_throttle else {
            return;
        };
        if now.duration_since(self.last_raise) < CALM {
            return;
        }
        self.last_raise = now;
        self.connections = (self.connections + 1).min(limits.connections);
        self.rate = match (self.rate, limits.rate) {
            (Some(rate), Some(ceiling)) => Some((rate + (ceiling / 20.0).max(1.0)).min(ceiling)),
            (Some(_), None) if now.duration_since(throttled) >= UNPACED_AFTER => None,
            (Some(rate), None) => Some(rate * 1.1 + 1.0),
            (None, _) => None,
        };
        if self.rate == limits.rate && self.connections == limits.connections {
            self.last_throttle = None;
            tracing::info!("the relay no longer throttles; back to the full pace");
        }
    }

    fn roll_day(&mut self) {
        let day = today();
        if day != self.day {
            self.day = day;
            self.sent_today = 0;
        }
    }
}

fn today() -> (i32, u32) {
    let now = Utc::now();
    (now.year(), now.ordinal())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn throttled() -> Result<(), SendError> {
        let mut error = SendError::transient("454 Throttling failure");
        error.throttled = true;
        Err(error)
    }

    #[test]
    fn a_throttle_halves_rate_and_connections_once_per_calm_second() {
        let pacer = Pacer::new(Limits {
            rate: Some(100.0),
            connections: 8,
            daily: None,
        });
        pacer.answered(&throttled());
        assert_eq!((pacer.rate(), pacer.connections()), (Some(50.0), 4));
        pacer.answered(&throttled());
        assert_eq!(
            pacer.rate(),
            Some(50.0),
            "answers to the same burst count once"
        );
    }

    #[test]
    fn calm_seconds_raise_the_pace_back_to_the_ceiling() {
        let pacer = Pacer::new(Limits {
            rate: Some(100.0),
            connections: 8,
            daily: None,
        });
        pacer.answered(&throttled());
        {
            let mut state = pacer.state();
            state.last_raise -= CALM;
        }
        assert_eq!(pacer.connections(), 5);
        assert_eq!(pacer.rate(), Some(55.0));
    }

    #[tokio::test]
    async fn the_daily_quota_stops_sending_without_spending_attempts() {
        let pacer = Pacer::new(Limits {
            rate: None,
            connections: 2,
            daily: Some(2),
        });
        for _ in 0..2 {
            pacer.wait_turn().await.unwrap();
            pacer.answered(&Ok(()));
        }
        let refused = pacer.wait_turn().await.unwrap_err();
        assert!(refused.relay_unavailable && refused.message.contains("daily quota"));
    }
}
