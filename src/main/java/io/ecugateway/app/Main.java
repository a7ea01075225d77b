package io.ecugateway.app;

import io.ecugateway.cli.DbcCommand;
import io.ecugateway.cli.DecodeCommand;
import io.ecugateway.cli.FramesCommand;
import java.util.List;
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
    })
public final class Main implements Runnable {
  /** The subcommands, in the order help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          CommandLine.HelpCommand.class,
          ServeCommand.class,
          DecodeCommand.class,
          FramesCommand.class,
          DbcCommand.class,
          ImportCommand.class);

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command and returns its exit code (used by tests that call the CLI in-process). */
  public static int run(String... args) {
    return commandLine(args.length > 0 ? args[0] : null).execute(args);
  }

  /**
   * The command line with only the subcommand called {@code first} when there is one, else with
   * all: picocli builds a command's model by reflection when the command is added, which for all of
   * them costs a short run (decode) tens of milliseconds of start-up. A command behaves the same
   * either way; {@code help}, errors and suggestions at the top level get every command.
   */
  static CommandLine commandLine(String first) {
    CommandLine cl = new CommandLine(new Main());
    boolean one = false;
    for (Class<?> c : COMMANDS.subList(1, COMMANDS.size())) { // not help: it describes the others
      one |= c.getAnnotation(Command.class).name().equals(first);
    }
    for (Class<?> c : COMMANDS) {
      if (!one || c.getAnnotation(Command.class).name().equals(first)) {
        cl.addSubcommand(c);
      }
    }
    // after adding the subcommands: picocli passes settings on to those present
    return cl.setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    commandLine(null).usage(System.err);
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
