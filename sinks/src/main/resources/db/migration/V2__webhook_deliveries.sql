-- Every webhook delivery attempt, and the final dead letter of an alert, so that an operator can
-- see what was sent. Written by the webhook dispatcher (role actions) before it commits its offset.
CREATE TABLE webhook_deliveries (
    id           bigserial   PRIMARY KEY,
    alert_id     text        NOT NULL,
    endpoint     text        NOT NULL,
    attempt      integer     NOT NULL,
    status       text        NOT NULL,
    http_status  integer,
    latency_ms   bigint,
    error        text,
    attempted_at timestamptz NOT NULL
);

CREATE INDEX webhook_deliveries_alert ON webhook_deliveries (alert_id, endpoint, attempt);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (attempted_at DESC);
