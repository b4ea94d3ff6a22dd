package dev.kiln.model.scim;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A SCIM 2.0 user (camelCase on the wire, unlike the rest of the API). */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record ScimUser(
    List<String> schemas,
    String id,
    String userName,
    String displayName,
    Boolean active,
    List<Email> emails,
    List<Ref> groups,
    List<Value> entitlements,
    String externalId) {

  public static final List<String> SCHEMAS =
      List.of(
          "urn:ietf:params:scim:schemas:core:2.0:User",
          "urn:ietf:params:scim:schemas:extension:workspace:2.0:User");

  /** An e-mail address of a user. */
  public record Email(String value, String type, Boolean primary, String display) {}

  /** A reference to a group the user belongs to. */
  @JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
  public record Ref(String value, String display, String type) {}

  /** An entitlement such as {@code workspace-access}. */
  public record Value(String value) {}
}
