package io.ecugateway.dbc;

import java.util.ArrayList;
import java.util.List;

/** Environment variables: {@code EV_} and {@code ENVVAR_DATA_}. */
final class EnvironmentStatements {
  private EnvironmentStatements() {}

  /** {@code EV_ name : type [min|max] "unit" initial id DUMMY_NODE_VECTORn node, node ;} */
  static final Statement VARIABLE =
      (t, b, line) -> {
        String name = t.word("environment variable name");
        t.punct(':');
        int type = t.intValue("environment variable type (0, 1 or 2)", 0, 2);
        t.punct('[');
        double min = t.number("minimum");
        t.punct('|');
        double max = t.number("maximum");
        t.punct(']');
        String unit = t.string("unit string");
        double initial = t.number("initial value");
        long id = t.integer("environment variable id", 0, Long.MAX_VALUE / 2);
        String access = t.word("access type (DUMMY_NODE_VECTORn)");
        List<String> nodes = new ArrayList<>();
        while ((t.isWord() && !t.atStatementStart()) || t.isPunct(',')) {
          if (!t.optionalPunct(',')) {
            nodes.add(t.word("node name"));
          }
        }
        b.environmentVariables.add(
            new EnvironmentVariable(
                name, type, min, max, unit, initial, id, access, nodes, -1, null, null));
        t.endStatement("EV_", b);
      };

  /** {@code ENVVAR_DATA_ name : size ;} */
  static final Statement DATA =
      (t, b, line) -> {
        String name = t.word("environment variable name");
        t.punct(':');
        b.envDataSizes.put(name, t.integer("data size", 0, Long.MAX_VALUE / 2));
        t.endStatement("ENVVAR_DATA_", b);
      };
}
