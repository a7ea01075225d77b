package io.ecugateway.cli;

import io.ecugateway.dbc.Dbc;
import io.ecugateway.dbc.DbcException;
import io.ecugateway.dbc.DbcParser;
import io.ecugateway.dbc.DbcSyntaxException;
import io.ecugateway.dbc.DbcWarning;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dbc}: tools for DBC files ({@code dbc check}). */
@Command(
    name = "dbc",
    mixinStandardHelpOptions = true,
    description = "DBC file tools.",
    subcommands = {DbcCommand.Check.class})
public final class DbcCommand implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  /**
   * {@code dbc check FILE... [--verbose]}: one line per file, {@code <file>: OK messages=N
   * signals=M warnings=K} or {@code <file>:<line>:<col>: error: ...}; exit 1 when a file has a
   * syntax error (or cannot be read), warnings never fail.
   */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = {
        "Load DBC files and report: '<file>: OK messages=N signals=M warnings=K', or",
        "'<file>:<line>:<col>: error: ...'. Exits 1 only when a file cannot be loaded."
      })
  static final class Check implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "DBC files.")
    List<Path> files;

    @Option(
        names = {"-v", "--verbose"},
        description = "List each warning as '<file>:<line>: warning: ...'.")
    boolean verbose;

    @Override
    public Integer call() {
      PrintStream out = System.out;
      int errors = 0;
      for (Path f : files) {
        try {
          Dbc dbc = DbcParser.parse(f);
          out.printf(
              "%s: OK messages=%d signals=%d warnings=%d%n",
              f, dbc.messages().size(), dbc.signalCount(), dbc.warnings().size());
          if (verbose) {
            for (DbcWarning w : dbc.warnings()) {
              out.printf("%s:%d: warning: %s%n", f, w.line(), w.message());
            }
          }
        } catch (DbcSyntaxException e) {
          errors++;
          out.printf(
              "%s:%d:%d: error: expected %s, found %s%n",
              f, e.line(), e.column(), e.expected(), e.found());
        } catch (DbcException e) {
          errors++;
          out.printf("%s: error: %s%n", f, e.getMessage());
        } catch (java.io.IOException e) {
          errors++;
          out.printf("%s: error: %s%n", f, e.getMessage());
        }
      }
      return errors == 0 ? 0 : 1;
    }
  }
}
