-- Where a driver's Spark Connect server listens (on 127.0.0.1), as the node reports it.
ALTER TABLE cluster_nodes ADD COLUMN spark_connect_port INT;
