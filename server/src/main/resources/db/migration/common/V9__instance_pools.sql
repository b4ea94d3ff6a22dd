-- Instance pools: the user's last spec (JSON) plus the columns the pool reconciler reads. Changed
-- with compare-and-set on `version`, like clusters. Deleted pools stay (state DELETED) until their
-- idle instances are gone; their rows are never reused.
CREATE TABLE instance_pools (
  instance_pool_id    VARCHAR(64) PRIMARY KEY,
  instance_pool_name  VARCHAR(256) NOT NULL,
  node_type_id        VARCHAR(64) NOT NULL,
  min_idle_instances  INT NOT NULL,
  max_capacity        INT,
  idle_minutes        INT NOT NULL,
  spec                TEXT NOT NULL,
  state               VARCHAR(16) NOT NULL,
  creator_user_name   VARCHAR(255),
  created_at          BIGINT NOT NULL,
  version             BIGINT NOT NULL
);

-- A pool's instances are rows of cluster_nodes with pool_id set. An idle instance belongs to no
-- cluster yet (cluster_id and role are NULL); a cluster takes it by setting both in one
-- compare-and-set update. idle_since is when the pool reconciler first saw it warm and idle.
-- decommissioned is when autoscaling asked a worker to decommission before it is stopped.
ALTER TABLE cluster_nodes ADD COLUMN pool_id VARCHAR(64);
ALTER TABLE cluster_nodes ADD COLUMN idle_since BIGINT;
ALTER TABLE cluster_nodes ADD COLUMN decommissioned BIGINT;
ALTER TABLE cluster_nodes ALTER COLUMN cluster_id DROP NOT NULL;
ALTER TABLE cluster_nodes ALTER COLUMN role DROP NOT NULL;
CREATE INDEX cluster_nodes_pool ON cluster_nodes (pool_id, state);
