-- Issue 18: usage statistics. What happens (a service page read, a form started, a draft
-- saved, a step reached, a request sent, withdrawn, answered, a delivery failed, a sign-in) is
-- written as an anonymous mark, in the same transaction as what it counts where there is one:
-- a day in Québec, a service, the page's language and a device class, never who. A worker
-- folds the marks into daily counts and deletes them, so a statistics page reads a few
-- thousand rows of counts, never the journal.
CREATE TABLE usage_marks (
    id          INTEGER PRIMARY KEY,
    day         TEXT NOT NULL,                 -- YYYY-MM-DD, in Québec
    service_id  TEXT NOT NULL DEFAULT '',      -- '' for what belongs to no service (sign-in)
    measure     TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT '',      -- fr | en | '' (not known: a service's call)
    device      TEXT NOT NULL DEFAULT '',      -- computer | phone | other | ''
    step        INTEGER NOT NULL DEFAULT 0,    -- step_reached: the step (1, 2, …); else 0
    seconds     INTEGER                         -- first_status, decision: time since submission
);

CREATE TABLE usage_daily (
    day         TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    measure     TEXT NOT NULL,
    language    TEXT NOT NULL,
    device      TEXT NOT NULL,
    step        INTEGER NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (day, service_id, measure, language, device, step)
);
CREATE INDEX usage_daily_service ON usage_daily (service_id, day);

-- One row per request answered or decided: medians and percentiles need the values.
CREATE TABLE usage_timings (
    day         TEXT NOT NULL,
    service_id  TEXT NOT NULL,
    measure     TEXT NOT NULL,
    seconds     INTEGER NOT NULL
);
CREATE INDEX usage_timings_day ON usage_timings (day, service_id);

-- A step is counted once per draft, the first time the draft reaches it.
ALTER TABLE drafts ADD COLUMN furthest_step INTEGER NOT NULL DEFAULT 0;
