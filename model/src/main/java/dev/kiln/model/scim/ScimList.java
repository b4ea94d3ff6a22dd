package dev.kiln.model.scim;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A SCIM list response; note the capital R of {@code Resources}. */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record ScimList<T>(
    List<String> schemas,
    long totalResults,
    long startIndex,
    long itemsPerPage,
    @JsonProperty("Resources") List<T> resources) {

  public static final List<String> SCHEMAS =
      List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse");
}
