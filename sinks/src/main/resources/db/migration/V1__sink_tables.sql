-- Tables of the Postgres sink. The time-series tables are partitioned by day (native declarative
-- partitioning, docs/adr/0004); their daily partitions are created ahead of time and dropped
-- whole by PartitionMaintenance, never here.

-- Every validated event, partitioned by its event time: `ts` is what reads filter on and what
-- retention means. Partitions cover [today - retention, today + partitions ahead]; an event
-- outside them is rejected by PostgreSQL (no default partition) and dead-lettered.
CREATE TABLE events (
    event_id    text             NOT NULL,
    device_id   text             NOT NULL,
    type        text             NOT NULL CHECK (type IN ('sensor', 'user_action', 'system')),
    ts          timestamptz      NOT NULL,
    received_at timestamptz,
    source      text,
    principal   text,
    metrics     jsonb            NOT NULL,
    attrs       jsonb            NOT NULL,
    scores      jsonb,            -- anomaly score per metric; NULL when not scored
    max_score   double precision, -- the highest of scores, for "anomalous events" queries
    stored_at   timestamptz      NOT NULL DEFAULT now(),
    -- event ids are the platform's idempotency keys; the partition key must be in every unique
    -- key of a partitioned table, and a replayed event carries the same ts
    PRIMARY KEY (event_id, ts)
) PARTITION BY RANGE (ts);

-- paged listing of one device's events by time (cursor = ts, event_id)
CREATE INDEX events_device_ts ON events (device_id, ts, event_id);

-- Scored readings over the threshold, one row per anomaly id (<event_id>/<metric>).
CREATE TABLE anomalies (
    anomaly_id    text             NOT NULL,
    event_id      text,
    device_id     text             NOT NULL,
    metric        text             NOT NULL,
    value         double precision NOT NULL,
    score         double precision NOT NULL CHECK (score >= 0 AND score <= 1),
    ts            timestamptz      NOT NULL,
    model_version text             NOT NULL,
    reasons       jsonb            NOT NULL,
    stored_at     timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (anomaly_id, ts)
) PARTITION BY RANGE (ts);

CREATE INDEX anomalies_device_ts ON anomalies (device_id, ts);

-- 1-minute windows per device and metric; every update of a window replaces the row.
CREATE TABLE rollups_1m (
    device_id    text             NOT NULL,
    metric       text             NOT NULL,
    window_start timestamptz      NOT NULL,
    window_end   timestamptz      NOT NULL,
    count        bigint           NOT NULL CHECK (count >= 0),
    min          double precision,
    max          double precision,
    sum          double precision NOT NULL,
    avg          double precision,
    stored_at    timestamptz      NOT NULL DEFAULT now(),
    PRIMARY KEY (device_id, metric, window_start)
) PARTITION BY RANGE (window_start);

-- The latest snapshot of each device; one row per device, so not partitioned.
CREATE TABLE device_latest (
    device_id     text        PRIMARY KEY,
    last_ts       timestamptz,
    last_event_id text,
    updated_at    timestamptz NOT NULL,
    metrics       jsonb       NOT NULL,
    attrs         jsonb       NOT NULL,
    counts        jsonb       NOT NULL,
    last_anomaly  jsonb,
    stored_at     timestamptz NOT NULL DEFAULT now()
);

-- The next offset to read per consumer group and partition, written in the same transaction as
-- the rows read before it: this row is the sink's only memory of how far it got.
CREATE TABLE sink_offsets (
    group_id    text        NOT NULL,
    topic       text        NOT NULL,
    partition   integer     NOT NULL CHECK (partition >= 0),
    next_offset bigint      NOT NULL CHECK (next_offset >= 0),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, topic, partition)
);
