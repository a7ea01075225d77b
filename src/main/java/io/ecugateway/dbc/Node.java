package io.ecugateway.dbc;

import java.util.Map;

/** A network node ({@code BU_}), with its comment and attributes. */
public record Node(String name, String comment, Map<String, Object> attributes) {
  public Node {
    attributes = Map.copyOf(attributes);
  }
}
