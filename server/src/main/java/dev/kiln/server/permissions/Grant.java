package dev.kiln.server.permissions;

/** A level given directly to a principal on one object. */
public record Grant(Grantee grantee, String level) {}
