package io.ecugateway.dbc;

import java.util.List;

/** {@code SIG_GROUP_ <message id> <name> <repetitions> : <signal>...;} */
public record SignalGroup(String name, int repetitions, List<String> signalNames) {
  public SignalGroup {
    signalNames = List.copyOf(signalNames);
  }
}
