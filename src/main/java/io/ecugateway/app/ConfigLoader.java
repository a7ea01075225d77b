package io.ecugateway.app;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.config.GatewayConfig.ConfigException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Builds the {@link GatewayConfig}: built-in defaults, then the YAML file ({@code --config}, else
 * {@code ECUGW_CONFIG}, else {@code config/gateway.yaml} when present), then environment variables.
 * Every key has an environment variable: {@code ECUGW_} + the key path in upper snake case, e.g.
 * {@code http.port} → {@code ECUGW_HTTP_PORT}, {@code auth.tokens} → {@code ECUGW_AUTH_TOKENS}
 * (lists comma-separated), {@code transport.protocols} → {@code ECUGW_TRANSPORT_PROTOCOLS} (maps as
 * inline YAML). Unknown keys are errors, not silently ignored.
 */
public final class ConfigLoader {
  public static final String ENV_PREFIX = "ECUGW_";
  public static final Path DEFAULT_FILE = Path.of("config", "gateway.yaml");

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigLoader() {}

  /** The configuration the {@code serve} command runs with. */
  public static GatewayConfig load(Path explicitFile, Map<String, String> env) {
    Path file = explicitFile;
    if (file == null && env.get(ENV_PREFIX + "CONFIG") != null) {
      file = Path.of(env.get(ENV_PREFIX + "CONFIG"));
    }
    if (file == null && Files.isRegularFile(DEFAULT_FILE)) {
      file = DEFAULT_FILE;
    }
    if (file != null && !Files.isRegularFile(file)) {
      throw new ConfigException(List.of("configuration file not found: " + file.toAbsolutePath()));
    }
    return load(file, env::get);
  }

  /**
   * As {@link #load(Path, Map)}, the HTTP port set to {@code port} when given (the {@code
   * -p/--port} of the commands that run the gateway).
   */
  static GatewayConfig load(Path explicitFile, Integer port, Map<String, String> env) {
    Map<String, String> withPort = new java.util.HashMap<>(env);
    if (port != null) {
      withPort.put(envName("http.port"), port.toString());
    }
    return load(explicitFile, withPort);
  }

  /** Defaults ← file (may be null) ← variables from {@code env}. */
  public static GatewayConfig load(Path file, Function<String, String> env) {
    ObjectNode tree = YAML.valueToTree(GatewayConfig.DEFAULTS);
    String source = "defaults";
    if (file != null) {
      source = file.toString();
      try {
        JsonNode fromFile = YAML.readTree(file.toFile());
        if (fromFile != null && !fromFile.isMissingNode() && !fromFile.isNull()) {
          if (!fromFile.isObject()) {
            throw new ConfigException(List.of(file + ": expected a YAML mapping at the top"));
          }
          merge(tree, (ObjectNode) fromFile, "", file.toString());
        }
      } catch (IOException e) {
        throw new ConfigException(file + ": " + e.getMessage(), e);
      }
    }
    applyEnv(tree, "", env);
    try {
      return YAML.treeToValue(tree, GatewayConfig.class).validate();
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String key = e instanceof JsonMappingException m ? keyOf(m) : "";
      String where = key.isEmpty() ? source : key + " (" + source + " or " + envName(key) + ")";
      throw new ConfigException(List.of(where + ": " + e.getOriginalMessage()));
    }
  }

  /** The key path a mapping error is about, e.g. {@code http.port}; empty when unknown. */
  private static String keyOf(JsonMappingException e) {
    StringBuilder key = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        key.append(key.isEmpty() ? "" : ".").append(r.getFieldName());
      }
    }
    return key.toString();
  }

  /** Parses a YAML string (tests, documentation checks). */
  static GatewayConfig parse(String yaml) throws IOException {
    ObjectNode tree = YAML.valueToTree(GatewayConfig.DEFAULTS);
    merge(tree, (ObjectNode) YAML.readTree(yaml), "", "<string>");
    return YAML.treeToValue(tree, GatewayConfig.class).validate();
  }

  /** Lists every configurable key path (for documentation checks). */
  static List<String> keys() {
    List<String> out = new ArrayList<>();
    collectKeys(YAML.valueToTree(GatewayConfig.DEFAULTS), "", out);
    return out;
  }

  private static void collectKeys(JsonNode node, String prefix, List<String> out) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject() && !isFreeMap(key)) {
        collectKeys(e.getValue(), key, out);
      } else {
        out.add(key);
      }
    }
  }

  /**
   * Key paths whose values are maps with data as keys (device ids, bus names, logger names), not
   * configuration keys: every {@code Map} component of {@link GatewayConfig}'s records.
   */
  private static final Set<String> FREE_MAPS = mapKeys(GatewayConfig.class, "");

  private static boolean isFreeMap(String key) {
    return FREE_MAPS.contains(key);
  }

  private static Set<String> mapKeys(Class<?> record, String prefix) {
    Set<String> out = new HashSet<>();
    for (RecordComponent c : record.getRecordComponents()) {
      String key = prefix.isEmpty() ? c.getName() : prefix + "." + c.getName();
      if (Map.class.isAssignableFrom(c.getType())) {
        out.add(key);
      } else if (c.getType().isRecord()) {
        out.addAll(mapKeys(c.getType(), key));
      }
    }
    return Set.copyOf(out);
  }

  private static void merge(ObjectNode into, ObjectNode from, String prefix, String source) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      JsonNode existing = into.get(e.getKey());
      if (existing == null) {
        throw new ConfigException(List.of(source + ": unknown key '" + key + "'"));
      }
      if (e.getValue().isNull()) {
        continue; // "key:" with no value keeps the default
      }
      if (existing.isObject() && e.getValue().isObject() && !isFreeMap(key)) {
        merge((ObjectNode) existing, (ObjectNode) e.getValue(), key, source);
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  private static void applyEnv(ObjectNode node, String prefix, Function<String, String> env) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().isObject() && !isFreeMap(key)) {
        applyEnv((ObjectNode) e.getValue(), key, env);
        continue;
      }
      String value = env.apply(envName(key));
      if (value == null) {
        continue;
      }
      if (e.getValue().isArray()) {
        ArrayNode list = YAML.createArrayNode();
        for (String part : value.split(",")) {
          if (!part.isBlank()) {
            list.add(part.trim());
          }
        }
        e.setValue(list);
      } else if (e.getValue().isObject()) {
        try {
          e.setValue(YAML.readTree(value)); // a map given as inline YAML/JSON: {a: [x.dbc]}
        } catch (IOException ex) {
          throw new ConfigException(List.of(envName(key) + ": not a YAML mapping: " + value));
        }
      } else {
        e.setValue(TextNode.valueOf(value));
      }
    }
  }

  /** {@code storage.questdb.pgPort} → {@code ECUGW_STORAGE_QUESTDB_PG_PORT}. */
  public static String envName(String key) {
    StringBuilder sb = new StringBuilder(ENV_PREFIX);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        sb.append('_');
      } else if (Character.isUpperCase(c)) {
        sb.append('_').append(c);
      } else {
        sb.append(Character.toUpperCase(c));
      }
    }
    return sb.toString();
  }
}
