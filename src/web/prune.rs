//! Per-client key stores (rate limiters keyed by client network or account) grow with every
//! new key a stranger makes up. Each is pruned on a schedule, so its size follows the clients
//! of the last minutes, and capped, so a burst of new keys within a minute cannot grow it.
use std::sync::Arc;
use std::time::Duration;

/// How often idle keys are forgotten: every limit here refills within a few minutes, so a
/// key idle that long is indistinguishable from a new one and can go.
pub const PRUNE_EVERY: Duration = Duration::from_secs(60);

/// Most keys one store holds (about 100 bytes each). Past it, new clients share one key
/// until the next prune: a flood of made-up clients is slowed together instead of
/// growing memory.
pub const MAX_KEYS: usize = 10_000;

/// Runs `prune` on `target` every [`PRUNE_EVERY`] until `target` is dropped.
pub fn prune_periodically<T: Send + Sync + 'static>(target: &Arc<T>, prune: fn(&T)) {
    prune_every(target, PRUNE_EVERY, prune);
}

/// Runs `prune` on `target` every `period` until `target` is dropped. Needs a Tokio runtime;
/// without one (a synchronous unit test) nothing is scheduled.
fn prune_every<T: Send + Sync + 'static>(target: &Arc<T>, period: Duration, prune: fn(&T)) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        tracing::warn!("no runtime: a key store will not be pruned");
        return;
    };
    let target = Arc::downgrade(target);
    runtime.spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // The first tick is immediate; nothing to prune yet.
        loop {
            tick.tick().await;
            match target.upgrade() {
                Some(target) => prune(&target),
                None => break,
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn prunes_on_schedule_and_holds_no_store_alive() {
        let period = Duration::from_millis(40);
        let store = Arc::new(AtomicUsize::new(0));
        prune_every(&store, period, |s| {
            s.fetch_add(1, Ordering::SeqCst);
        });
        tokio::time::sleep(period * 5).await;
        assert!(store.load(Ordering::SeqCst) >= 2, "pruned on schedule");
        let weak = Arc::downgrade(&store);
        drop(store);
        assert!(
            weak.upgrade().is_none(),
            "the task holds no strong reference"
        );
    }
}
