-- The per-mailbox confirmation counts move to memory (src/store/mailbox_ledger.rs): an index
-- on the random mailbox hash cost a page write per sign-up. Memory is loaded from the outbox
-- by time, an index that only ever appends.
DROP INDEX outbox_mailbox;
CREATE INDEX outbox_confirmations_created ON outbox (created_at) WHERE mailbox_hash IS NOT NULL;
