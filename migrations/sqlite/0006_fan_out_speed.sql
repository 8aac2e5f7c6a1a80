-- One partial index serves both the claim (open rows, oldest issue first) and the check
-- "is anything of this issue still open?". (PostgreSQL also drops the deliveries' foreign
-- keys here, for the fan-out's speed; SQLite checks them cheaply and keeps them.)
DROP INDEX deliveries_due;
DROP INDEX deliveries_open;
CREATE INDEX deliveries_open ON deliveries (issue_id, id) WHERE status IN ('pending', 'retrying');
