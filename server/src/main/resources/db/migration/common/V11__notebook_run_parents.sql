-- Child runs of dbutils.notebook.run (WORKFLOW_RUNs) and the job task run whose command started
-- them. Databricks' runs/get has no field for it, so the link is Kiln's own (the web run page shows
-- it). A link goes with either end.
CREATE TABLE notebook_run_parents (
  run_id             BIGINT PRIMARY KEY REFERENCES job_runs (run_id) ON DELETE CASCADE,
  parent_run_id      BIGINT NOT NULL,
  parent_task_run_id BIGINT NOT NULL REFERENCES task_runs (run_id) ON DELETE CASCADE,
  parent_task_key    VARCHAR(100) NOT NULL
);
CREATE INDEX notebook_run_parents_by_task ON notebook_run_parents (parent_task_run_id);
