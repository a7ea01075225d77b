package io.ecugateway.sink;

import java.util.List;

/**
 * The configuration record of one output ({@code storage.<name>} in the gateway's configuration).
 * Each output package owns its record, with its defaults and its checks.
 */
public interface OutputConfig {

  /** Adds one message per violated rule, each naming its {@code storage.<name>.<key>}. */
  void validate(List<String> errors);
}
