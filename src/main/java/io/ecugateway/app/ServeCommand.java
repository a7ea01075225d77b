package io.ecugateway.app;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.logging.LogLevels;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: runs the gateway until SIGINT/SIGTERM, then stops gracefully. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Run the gateway: HTTP uploads and query API, DBC decoding, time-series store.",
      "Configuration: built-in defaults < config/gateway.yaml (or --config) < ECUGW_* variables",
      "(see config/gateway.yaml for every key and its default)."
    })
public final class ServeCommand implements Callable<Integer> {

  @Mixin GatewayOptions gateway = new GatewayOptions();

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "HTTP port, overriding the configuration.")
  Integer port;

  @Override
  public Integer call() throws Exception {
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(gateway.config, port, System.getenv());
    } catch (GatewayConfig.ConfigException e) {
      System.err.println("ecu-gateway: " + e.getMessage());
      return 2;
    }
    LogLevels.apply(cfg.logging());
    return Running.untilShutdown(cfg);
  }

  /**
   * The server's run, in a class of its own: {@code --help} creates this command to describe it,
   * and verifying a method that holds a {@link GatewayServer} would load it and Vert.x classes.
   */
  private static final class Running {
    static int untilShutdown(GatewayConfig cfg) throws Exception {
      GatewayServer server = GatewayServer.start(cfg);
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      stopped.await();
      return 0;
    }
  }
}
