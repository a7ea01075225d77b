package io.ecugateway.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs {@code serve} in a child JVM on this JVM's Java and classpath. */
public final class ChildGateway {
  private ChildGateway() {}

  /**
   * {@code java -Xmx<heap> <jvmOptions> … io.ecugateway.app.Main serve --config <config>}: a child
   * process keeps the gateway's CPU time, memory and crashes apart from the test's own.
   */
  public static List<String> serveCommand(String heap, List<String> jvmOptions, Path config) {
    return command(heap, jvmOptions, List.of("serve", "--config", config.toString()));
  }

  /** {@code java -Xmx<heap> <jvmOptions> … io.ecugateway.app.Main <arguments>}. */
  public static List<String> command(String heap, List<String> jvmOptions, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Xmx" + heap);
    command.addAll(jvmOptions);
    command.addAll(
        List.of(
            "--enable-native-access=ALL-UNNAMED",
            "-cp",
            System.getProperty("java.class.path"),
            "io.ecugateway.app.Main"));
    command.addAll(arguments);
    return command;
  }
}
