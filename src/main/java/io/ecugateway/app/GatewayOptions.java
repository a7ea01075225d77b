package io.ecugateway.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code -c/--config} option of the commands that run the gateway ({@code serve}, {@code
 * import}); they load it with {@link ConfigLoader#load(Path, Integer, java.util.Map)}. Each command
 * declares {@code -p/--port} itself: its help text says what the port is for. Only options here:
 * picocli reflects on this class's methods for {@code --help}, and a method with a {@code
 * GatewayConfig} in its signature would load the configuration and server classes.
 */
final class GatewayOptions {

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "YAML configuration file (default: $ECUGW_CONFIG, else config/gateway.yaml).")
  Path config;
}
