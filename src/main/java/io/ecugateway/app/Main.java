package io.ecugateway.app;

import io.ecugateway.cli.DbcCommand;
import io.ecugateway.cli.DecodeCommand;
import io.ecugateway.cli.FramesCommand;
import io.ecugateway.cli.ServeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line: {@code java -jar ecu-gateway.jar <command> ...}. */
@Command(
    name = "ecu-gateway",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = {
      "Reactive ECU telemetry gateway: CANedge MDF4 uploads and live frames, DBC decoding,",
      "WebSocket dashboards and a time-series store for Grafana."
    },
    subcommands = {
      CommandLine.HelpCommand.class,
      ServeCommand.class,
      DecodeCommand.class,
      FramesCommand.class,
      DbcCommand.class
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command and returns its exit code (used by tests that call the CLI in-process). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {
        "ecu-gateway " + (v == null ? "dev" : v),
        "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
      };
    }
  }
}
