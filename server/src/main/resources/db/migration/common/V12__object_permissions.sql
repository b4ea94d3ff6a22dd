-- Direct grants of the Permissions API on any type of object (instance-pools first; clusters and
-- jobs later): one level per principal and object. object_type is the API's path segment
-- (`instance-pools`), principal_type USER, GROUP or SERVICE_PRINCIPAL. What a principal inherits
-- (the admins group's level from the type's root object) is not stored. Grants are deleted with
-- their object, and a user's grants with the user.
CREATE TABLE object_permissions (
  object_type      VARCHAR(64) NOT NULL,
  object_id        VARCHAR(255) NOT NULL,
  principal_type   VARCHAR(24) NOT NULL,
  principal_name   VARCHAR(255) NOT NULL,
  permission_level VARCHAR(32) NOT NULL,
  PRIMARY KEY (object_type, object_id, principal_type, principal_name)
);
CREATE INDEX object_permissions_principal ON object_permissions (principal_name);
