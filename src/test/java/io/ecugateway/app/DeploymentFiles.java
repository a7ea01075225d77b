package io.ecugateway.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The repository's deployment files (docker/, k8s/, Grafana provisioning), parsed: YAML and JSON as
 * trees, the Dockerfile as its instructions, compose variables interpolated.
 */
final class DeploymentFiles {
  static final Path DOCKER = Path.of("docker");
  static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
  static final Path COMPOSE = DOCKER.resolve("docker-compose.yml");
  static final Path PROVISIONING = DOCKER.resolve("grafana/provisioning");
  static final Path K8S = Path.of("k8s", "ecu-gateway.yaml");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ObjectMapper JSON = new ObjectMapper();

  private DeploymentFiles() {}

  static JsonNode yaml(Path p) throws IOException {
    return YAML.readTree(p.toFile());
  }

  /** Every document of a multi-document YAML file. */
  static List<JsonNode> yamlDocuments(Path p) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(p.toFile())) {
      while (it.hasNext()) {
        JsonNode d = it.next();
        if (d != null && !d.isNull() && !d.isMissingNode()) {
          docs.add(d);
        }
      }
    }
    return docs;
  }

  /**
   * The one datasource of docker/grafana/provisioning/datasources, with {@code $VAR} and {@code
   * ${VAR}} replaced from {@code grafanaEnv} as Grafana does (an unset one is an error here).
   */
  static JsonNode datasource(Map<String, String> grafanaEnv) throws IOException {
    List<Path> files = list(PROVISIONING.resolve("datasources"), ".yaml", ".yml");
    if (files.size() != 1) {
      throw new IllegalStateException("expected one datasource file, found " + files);
    }
    Matcher m = GRAFANA_VAR.matcher(Files.readString(files.getFirst()));
    StringBuilder text = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(2);
      String value = grafanaEnv.get(name);
      if (value == null) {
        throw new IllegalArgumentException("the datasource needs " + name + " in Grafana's env");
      }
      m.appendReplacement(text, Matcher.quoteReplacement(value));
    }
    m.appendTail(text);
    JsonNode list = YAML.readTree(text.toString()).path("datasources");
    if (list.size() != 1) {
      throw new IllegalStateException("expected one datasource in " + files.getFirst());
    }
    return list.get(0);
  }

  /** The datasource as the compose file's Grafana sees it (compose interpolated from hostEnv). */
  static JsonNode composeDatasource(Map<String, String> hostEnv) throws IOException {
    return datasource(serviceEnv(compose(hostEnv).path("services").path("grafana")));
  }

  /** A compose service's {@code environment} (map or list form). */
  static Map<String, String> serviceEnv(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode e = service.path("environment");
    if (e.isArray()) {
      for (JsonNode n : e) {
        String[] kv = n.asText().split("=", 2);
        env.put(kv[0], kv.length > 1 ? kv[1] : "");
      }
    } else {
      e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().asText()));
    }
    return env;
  }

  /** Dashboard JSON files of the provisioned dashboards directory, by file name. */
  static Map<String, JsonNode> dashboards() throws IOException {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Path p : list(PROVISIONING.resolve("dashboards"), ".json")) {
      out.put(p.getFileName().toString(), JSON.readTree(p.toFile()));
    }
    return out;
  }

  static List<Path> list(Path dir, String... suffixes) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p -> {
                String n = p.getFileName().toString();
                return Stream.of(suffixes).anyMatch(n::endsWith);
              })
          .sorted()
          .toList();
    }
  }

  private static final Pattern GRAFANA_VAR = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

  private static final Pattern COMPOSE_VAR =
      Pattern.compile("\\$\\{(\\w+)(?:(:?[-?])([^}]*))?}|\\$(\\w+)");

  /**
   * docker-compose.yml with {@code ${VAR}}, {@code ${VAR:-default}} and {@code ${VAR:?error}}
   * interpolated from {@code env}, as {@code docker compose} does before parsing.
   */
  static JsonNode compose(Map<String, String> env) throws IOException {
    String text = Files.readString(COMPOSE);
    Matcher m = COMPOSE_VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(4);
      String value = env.get(name);
      String op = m.group(2);
      boolean unset = value == null || (op != null && op.startsWith(":") && value.isEmpty());
      if (unset && op != null && op.endsWith("?")) {
        throw new IllegalArgumentException("compose requires " + name + ": " + m.group(3));
      }
      if (unset) {
        value = op != null && op.endsWith("-") ? m.group(3) : "";
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return YAML.readTree(out.toString());
  }

  /** One Dockerfile instruction: keyword, its arguments, and the stage (0-based) it belongs to. */
  record Instruction(String keyword, String args, int stage) {
    /** Arguments of the exec (JSON array) form. */
    List<String> execForm() throws IOException {
      List<String> out = new ArrayList<>();
      JSON.readTree(args).forEach(n -> out.add(n.asText()));
      return out;
    }
  }

  /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
  static List<Instruction> dockerfile() throws IOException {
    List<Instruction> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int stage = -1;
    for (String raw : Files.readAllLines(DOCKERFILE)) {
      String t = raw.strip();
      if (line.isEmpty() && (t.isEmpty() || t.startsWith("#"))) {
        continue;
      }
      if (t.endsWith("\\")) {
        line.append(t, 0, t.length() - 1).append(' ');
        continue;
      }
      line.append(t);
      String[] kw = line.toString().strip().split("\\s+", 2);
      String keyword = kw[0].toUpperCase();
      if (keyword.equals("FROM")) {
        stage++;
      }
      out.add(new Instruction(keyword, kw.length > 1 ? kw[1].strip() : "", stage));
      line.setLength(0);
    }
    return out;
  }

  /** Words split on blanks outside double quotes, quotes removed ({@code ENV} / {@code COPY}). */
  static List<String> words(String s) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (Character.isWhitespace(c) && !quoted) {
        if (any) {
          out.add(w.toString());
          w.setLength(0);
          any = false;
        }
      } else {
        w.append(c);
        any = true;
      }
    }
    if (any) {
      out.add(w.toString());
    }
    return out;
  }

  /** The {@code ENV} variables of the final stage of the Dockerfile (what the container gets). */
  static Map<String, String> dockerfileEnv() throws IOException {
    List<Instruction> all = dockerfile();
    int last = all.getLast().stage();
    Map<String, String> env = new LinkedHashMap<>();
    for (Instruction i : all) {
      if (i.stage() == last && i.keyword().equals("ENV")) {
        for (String w : words(i.args())) {
          int eq = w.indexOf('=');
          if (eq < 0) {
            throw new IllegalStateException("ENV without '=' is not used here: " + i.args());
          }
          env.put(w.substring(0, eq), w.substring(eq + 1));
        }
      }
    }
    return env;
  }

  /** Final-stage instructions with this keyword. */
  static List<Instruction> finalStage(String keyword) throws IOException {
    List<Instruction> all = dockerfile();
    int last = all.getLast().stage();
    return all.stream().filter(i -> i.stage() == last && i.keyword().equals(keyword)).toList();
  }

  /** The value after {@code flag} in an argument list, or null. */
  static String flagValue(List<String> args, String flag) {
    int i = args.indexOf(flag);
    return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : null;
  }
}
