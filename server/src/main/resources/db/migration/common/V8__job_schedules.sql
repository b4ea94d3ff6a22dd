-- The schedules the job scheduler fires, one per job that has one. Written in the jobs' own
-- transactions (so a job and its schedule are stored together); no foreign key to the jobs table,
-- which the jobs area owns. next_fire_time is the due time (ms since the epoch, UTC) the scheduler
-- fires next; NULL while paused or when the expression has no due time left. The scheduler fires
-- a due time, then moves next_fire_time on by compare-and-set on version, so a crash between the
-- two repeats a fire (which the jobs side records once per due time) and never loses one.
CREATE TABLE job_schedules (
  job_id         BIGINT PRIMARY KEY,
  expression     VARCHAR(1000) NOT NULL,
  timezone_id    VARCHAR(255) NOT NULL,
  paused         BOOLEAN NOT NULL,
  next_fire_time BIGINT,
  updated_at     BIGINT NOT NULL,
  version        BIGINT NOT NULL
);
CREATE INDEX job_schedules_due ON job_schedules (next_fire_time, job_id);
