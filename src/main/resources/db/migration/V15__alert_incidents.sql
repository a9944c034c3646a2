-- Open alert incidents (routes/alerts.yaml, docs/operations.md): one row while an incident is open, keyed by it, so
-- that a feed failing night after night, a retried run or a second node sends one alert; deleted on recovery.
CREATE TABLE mim_alert_incident (
    incident_key VARCHAR(200)  NOT NULL PRIMARY KEY,
    feed_id      VARCHAR(100)  NOT NULL,
    status       VARCHAR(20)   NOT NULL,
    reason       VARCHAR(1000),
    opened_at    ${ts}         NOT NULL
)${table_options};
