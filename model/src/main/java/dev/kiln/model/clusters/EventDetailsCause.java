package dev.kiln.model.clusters;

/** Why a cluster event happened. */
public enum EventDetailsCause {
  AUTORECOVERY,
  AUTOSCALE,
  AUTOSCALE_V2,
  DBR_AUTOSCALE,
  REPLACE_BAD_NODES,
  USER_REQUEST
}
