package io.ecugateway.app;

import java.util.List;
import java.util.Map;
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
  /**
   * The subcommands by name, in the order help lists them, as class names: a command's class is
   * loaded only when the command is called, so that {@code decode} never loads {@code serve}'s
   * (MainCommandLineTest checks the names against the classes' {@code @Command}).
   */
  private static final List<Map.Entry<String, String>> COMMANDS =
      List.of(
          Map.entry("help", "picocli.CommandLine$HelpCommand"),
          Map.entry("serve", "io.ecugateway.app.ServeCommand"),
          Map.entry("decode", "io.ecugateway.cli.DecodeCommand"),
          Map.entry("frames", "io.ecugateway.cli.FramesCommand"),
          Map.entry("dbc", "io.ecugateway.cli.DbcCommand"),
          Map.entry("import", "io.ecugateway.app.ImportCommand"));

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
    for (Map.Entry<String, String> c : COMMANDS.subList(1, COMMANDS.size())) { // help lists all
      one |= c.getKey().equals(first);
    }
    for (Map.Entry<String, String> c : COMMANDS) {
      if (!one || c.getKey().equals(first)) {
        cl.addSubcommand(commandClass(c.getValue()));
      }
    }
    // after adding the subcommands: picocli passes settings on to those present
    return cl.setCaseInsensitiveEnumValuesAllowed(true);
  }

  private static Class<?> commandClass(String name) {
    try {
      return Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("the jar lacks the command class " + name, e);
    }
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
