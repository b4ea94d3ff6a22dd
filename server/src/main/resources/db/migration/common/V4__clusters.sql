-- Clusters: the user's last spec (JSON) and the lifecycle the reconciler drives. The state columns
-- are changed with compare-and-set on `version`, so the API and the reconciler never overwrite each
-- other and a crash between two steps leaves a state the next pass can finish.
CREATE TABLE clusters (
  cluster_id          VARCHAR(64) PRIMARY KEY,
  cluster_name        VARCHAR(256) NOT NULL,
  spec                TEXT NOT NULL,
  source              VARCHAR(32) NOT NULL,
  creator_user_name   VARCHAR(255),
  state               VARCHAR(32) NOT NULL,
  state_message       VARCHAR(4000) NOT NULL,
  target_workers      INT NOT NULL,
  pinned              BOOLEAN NOT NULL,
  generation          INT NOT NULL,
  spark_context_id    BIGINT NOT NULL,
  spark_secret        VARCHAR(128) NOT NULL,
  start_time          BIGINT NOT NULL,
  state_since         BIGINT NOT NULL,
  terminated_time     BIGINT,
  last_restarted_time BIGINT,
  last_state_loss_time BIGINT,
  last_activity_time  BIGINT,
  termination_reason  TEXT,
  log_status          TEXT,
  deleted             BOOLEAN NOT NULL,
  created_at          BIGINT NOT NULL,
  version             BIGINT NOT NULL
);
CREATE INDEX clusters_state ON clusters (state);

-- Nodes: one kiln-node process each. Rows are written before the process starts (LAUNCHING), so
-- a control plane that dies mid-launch finds the process again by its instance id. Rows of ended
-- nodes stay (GONE) so their logs can still be listed.
CREATE TABLE cluster_nodes (
  instance_id     VARCHAR(64) PRIMARY KEY,
  cluster_id      VARCHAR(64) NOT NULL,
  generation      INT NOT NULL,
  role            VARCHAR(16) NOT NULL,
  node_type_id    VARCHAR(64) NOT NULL,
  cores           INT NOT NULL,
  memory_mb       INT NOT NULL,
  state           VARCHAR(16) NOT NULL,
  pid             BIGINT,
  port            INT,
  node_secret     VARCHAR(128) NOT NULL,
  dir             VARCHAR(2000) NOT NULL,
  spark_rpc_port  INT,
  spark_ui_port   INT,
  start_timestamp BIGINT NOT NULL,
  stop_requested  BIGINT,
  end_timestamp   BIGINT,
  unreachable_since BIGINT
);
CREATE INDEX cluster_nodes_cluster ON cluster_nodes (cluster_id, state);
