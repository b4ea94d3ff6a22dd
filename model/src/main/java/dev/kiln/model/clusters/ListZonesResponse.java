package dev.kiln.model.clusters;

import java.util.List;

/** {@code clusters/list-zones}. */
public record ListZonesResponse(List<String> zones, String defaultZone) {}
