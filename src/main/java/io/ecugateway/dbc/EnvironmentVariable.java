package io.ecugateway.dbc;

import java.util.List;
import java.util.Map;

/**
 * {@code EV_ name : type [min|max] "unit" initial id access nodes;}, with {@code ENVVAR_DATA_} size
 * (-1 when absent), comment and value descriptions.
 */
public record EnvironmentVariable(
    String name,
    int type,
    double minimum,
    double maximum,
    String unit,
    double initialValue,
    long id,
    String accessType,
    List<String> accessNodes,
    long dataSize,
    String comment,
    Map<Long, String> choices) {
  public EnvironmentVariable {
    accessNodes = List.copyOf(accessNodes);
    choices = Choices.copyOf(choices);
  }
}
