package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A command line built with only the called subcommand behaves like the full one. */
class MainCommandLineTest {

  @Test
  void oneSubcommandHasTheSameModelAsInTheFullCommandLine() {
    CommandLine full = Main.commandLine(null);
    assertEquals(
        List.of("help", "serve", "decode", "frames", "dbc", "import"),
        List.copyOf(full.getSubcommands().keySet()));
    for (Map.Entry<String, CommandLine> e : full.getSubcommands().entrySet()) {
      String name = e.getKey();
      CommandLine lazy = Main.commandLine(name);
      CommandLine expected = e.getValue();
      if (name.equals("help")) {
        assertEquals(full.getSubcommands().keySet(), lazy.getSubcommands().keySet(), name);
        continue;
      }
      assertEquals(List.of(name), List.copyOf(lazy.getSubcommands().keySet()));
      CommandLine actual = lazy.getSubcommands().get(name);
      assertEquals(expected.getUsageMessage(), actual.getUsageMessage(), name);
      assertEquals(
          expected.isCaseInsensitiveEnumValuesAllowed(),
          actual.isCaseInsensitiveEnumValuesAllowed(),
          name);
      assertEquals(expected.getSubcommands().keySet(), actual.getSubcommands().keySet(), name);
    }
    assertEquals(full.getUsageMessage(), Main.commandLine("bogus").getUsageMessage());
  }
}
