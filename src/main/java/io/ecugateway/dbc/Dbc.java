package io.ecugateway.dbc;

import java.util.List;
import java.util.Map;

/**
 * An immutable, fully resolved DBC file. Produced by {@link DbcParser}; compiled for decoding by
 * {@code io.ecugateway.decode.DbcDecoder}.
 *
 * @param source file name (for messages)
 * @param encoding charset the file was read with: {@code UTF-8} or {@code windows-1252}
 * @param newSymbols the {@code NS_} list
 * @param valueTables {@code VAL_TABLE_} name → (value → label)
 * @param attributeDefinitions {@code BA_DEF_} and {@code BA_DEF_REL_}, with defaults filled in
 * @param attributes database-level {@code BA_} values (ENUM values resolved to labels)
 * @param comment database comment ({@code CM_ "..."}), or null
 * @param warnings every semantic problem tolerated while loading, in file order
 */
public record Dbc(
    String source,
    String encoding,
    String version,
    List<String> newSymbols,
    List<Node> nodes,
    List<Message> messages,
    Map<String, Map<Long, String>> valueTables,
    List<EnvironmentVariable> environmentVariables,
    List<AttributeDefinition> attributeDefinitions,
    Map<String, Object> attributes,
    String comment,
    List<DbcWarning> warnings) {

  public Dbc {
    newSymbols = List.copyOf(newSymbols);
    nodes = List.copyOf(nodes);
    messages = List.copyOf(messages);
    valueTables = Map.copyOf(valueTables);
    environmentVariables = List.copyOf(environmentVariables);
    attributeDefinitions = List.copyOf(attributeDefinitions);
    attributes = Map.copyOf(attributes);
    warnings = List.copyOf(warnings);
  }

  /** Total number of signals over all messages. */
  public int signalCount() {
    int n = 0;
    for (Message m : messages) {
      n += m.signals().size();
    }
    return n;
  }

  /** The first message of that name, or null. */
  public Message message(String name) {
    for (Message m : messages) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }
}
