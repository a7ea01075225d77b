package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.app.GrafanaSql.Variable;
import io.ecugateway.config.GatewayConfig;
import io.ecugateway.testing.SharedData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provisioned Grafana dashboard and the Grafana examples of docs/operations.md, run as Grafana
 * runs them: variables and macros expanded by {@link GrafanaSql}, sent over the PostgreSQL wire
 * protocol with the provisioned datasource's database, read-only user and password, to the embedded
 * QuestDB of a gateway (default configuration) that has decoded a real CANedge log uploaded over
 * HTTP. Each panel result is checked against the raw rows it summarises.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrafanaQueriesTest {
  private static final String TOKEN = "grafana-test-token";
  private static final String DEVICE = "3BA199E2";

  /** The read-only PG-wire password, as the compose file hands it to the gateway and Grafana. */
  private static final String READ_ONLY_PASSWORD = "grafana-test-readonly";

  /**
   * Panel resolutions to try: what Grafana picks for the default range (2s), a zoomed-in one below
   * a second and a coarse one.
   */
  private static final List<Duration> INTERVALS =
      List.of(Duration.ofSeconds(2), Duration.ofMillis(100), Duration.ofMinutes(1));

  @TempDir static Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private GatewayServer server;

  /** Tables the gateway reports holding the device's signals (its query API). */
  private final Set<String> tables = new java.util.TreeSet<>();

  private Connection grafana;
  private Instant from;
  private Instant to;

  @BeforeAll
  void start() throws Exception {
    Path shared = SharedData.require("canedge");
    Path log = shared.resolve("LOG_finalized_sorted/3BA199E2/00000164/00000001-60FE3F04.MF4");
    Path dbcDir = Files.createDirectories(dir.resolve("dbc"));
    Files.copy(
        shared.resolve("dbc/variants/CSS-Electronics-SAE-J1939-DEMO_asammdf-basics.dbc"),
        dbcDir.resolve("can1-j1939.dbc"));
    Files.copy(shared.resolve("dbc/canmod-gps.dbc"), dbcDir.resolve("can2-canmod-gps.dbc"));
    // The shipped defaults (QuestDB users), only ports, paths, the token and the read-only
    // password changed.
    Map<String, String> env =
        Map.of(
            "ECUGW_HTTP_HOST",
            "127.0.0.1",
            "ECUGW_HTTP_PORT",
            "0",
            "ECUGW_AUTH_TOKENS",
            TOKEN,
            "ECUGW_STORAGE_DATA_DIR",
            dir.resolve("data").toString(),
            "ECUGW_STORAGE_QUESTDB_PG_PORT",
            "0",
            "ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD",
            READ_ONLY_PASSWORD,
            "ECUGW_DECODE_DBC_DIR",
            dbcDir.toString(),
            "ECUGW_DECODE_RELOAD_SECONDS",
            "0");
    server = GatewayServer.start(ConfigLoader.load((Path) null, env::get));
    upload(log);
    get("/api/v1/devices/" + DEVICE + "/signals")
        .path("signals")
        .forEach(sig -> tables.add(sig.path("table").asText()));
    assertTrue(tables.size() > 5, "decoded tables: " + tables);

    // Grafana as compose runs it: the provisioned datasource, as the read-only user.
    JsonNode ds =
        DeploymentFiles.composeDatasource(
            Map.of(
                "ECUGW_TOKEN", TOKEN,
                "ECUGW_PG_PASSWORD", "unused-here",
                "ECUGW_PG_READONLY_PASSWORD", READ_ONLY_PASSWORD));
    Properties p = new Properties();
    p.setProperty("user", ds.path("user").asText());
    p.setProperty("password", ds.path("secureJsonData").path("password").asText());
    p.setProperty("sslmode", ds.path("jsonData").path("sslmode").asText());
    int pgPort = ((io.ecugateway.sink.questdb.QuestDbSink) server.context().queries()).pgPort();
    grafana =
        DriverManager.getConnection(
            "jdbc:postgresql://127.0.0.1:"
                + pgPort
                + "/"
                + ds.path("jsonData").path("database").asText(),
            p);
  }

  private JsonNode get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return DeploymentFiles.JSON.readTree(r.body());
  }

  private void upload(Path log) throws Exception {
    String base = "http://127.0.0.1:" + server.port();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        base + "/api/v1/devices/" + DEVICE + "/logs/00000164/" + log.getFileName()))
                .header("Authorization", "Bearer " + TOKEN)
                .PUT(HttpRequest.BodyPublishers.ofFile(log))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(202, r.statusCode(), r.body());
    String statusUrl = DeploymentFiles.JSON.readTree(r.body()).path("statusUrl").asText();
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode s = get(statusUrl);
      if (s.path("status").asText().equals("stored")) {
        return;
      }
      assertFalse(s.path("status").asText().equals("failed"), s.toString());
      Thread.sleep(100);
    }
    fail("upload not stored within 120 s");
  }

  @AfterAll
  void stop() throws Exception {
    if (grafana != null) {
      grafana.close();
    }
    if (server != null) {
      server.close();
    }
  }

  /** A query result: column labels and rows of JDBC objects (timestamps as epoch µs). */
  record Result(List<String> columns, List<List<Object>> rows) {}

  private Result run(String sql) {
    try (Statement s = grafana.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          int type = md.getColumnType(i);
          if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
            LocalDateTime t = rs.getObject(i, LocalDateTime.class);
            row.add(t == null ? null : micros(t.toInstant(ZoneOffset.UTC)));
          } else {
            row.add(rs.getObject(i));
          }
        }
        rows.add(row);
      }
      return new Result(columns, rows);
    } catch (SQLException e) {
      throw new AssertionError("query failed: " + e.getMessage() + "\n" + sql, e);
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000 + t.getNano() / 1000;
  }

  private String expand(String sql, Map<String, Variable> vars, Duration interval) {
    return GrafanaSql.expandMacros(
        GrafanaSql.interpolateVariables(sql, vars, interval), from, to, interval);
  }

  /** Values of a query variable as Grafana lists them: every cell, deduplicated, as text. */
  private List<String> variableValues(JsonNode variable, Map<String, Variable> vars) {
    Result r = run(expand(variable.path("query").asText(), vars, INTERVALS.getFirst()));
    Set<String> values = new LinkedHashSet<>();
    for (List<Object> row : r.rows()) {
      for (Object o : row) {
        if (o != null) {
          values.add(o.toString());
        }
      }
    }
    List<String> out = new ArrayList<>(values);
    if (variable.path("sort").asInt() == 1) {
      out.sort(null); // alphabetical, ascending
    }
    return out;
  }

  private static Instant time(JsonNode dashboard, String which) {
    String t = dashboard.path("time").path(which).asText();
    try {
      return Instant.parse(t);
    } catch (RuntimeException e) {
      throw new AssertionError(
          "dashboard time." + which + " = " + t + ": this test needs an absolute range", e);
    }
  }

  /**
   * Every combination a user can pick (message, device, each signal of a repeated panel), at two
   * resolutions: the query runs and returns, per interval bucket, the min/avg/max of exactly the
   * raw rows of that device in the range, with time ascending. The default selection (first value
   * of each variable) shows data.
   */
  @Test
  void dashboardQueriesReturnWhatTheyClaimForEverySelection() throws Exception {
    for (Map.Entry<String, JsonNode> d : DeploymentFiles.dashboards().entrySet()) {
      JsonNode dashboard = d.getValue();
      from = time(dashboard, "from");
      to = time(dashboard, "to");
      List<JsonNode> variables = new ArrayList<>();
      dashboard.path("templating").path("list").forEach(variables::add);
      Map<String, JsonNode> byName = new LinkedHashMap<>();
      for (JsonNode v : variables) {
        assertEquals("query", v.path("type").asText(), "variable " + v.path("name"));
        byName.put(v.path("name").asText(), v);
      }
      List<String> order = new ArrayList<>(byName.keySet());
      int[] panelsRun = {0};
      int[] withData = {0};
      walk(
          d.getKey(),
          dashboard,
          byName,
          order,
          0,
          new LinkedHashMap<>(),
          true,
          panelsRun,
          withData);
      assertTrue(panelsRun[0] > 20, d.getKey() + ": panel queries run: " + panelsRun[0]);
      assertTrue(withData[0] > 20, d.getKey() + ": panel queries with data: " + withData[0]);
    }
  }

  /** Depth-first over the variables in dashboard order, each over all of its values. */
  private void walk(
      String dashboardName,
      JsonNode dashboard,
      Map<String, JsonNode> variables,
      List<String> order,
      int index,
      Map<String, Variable> chosen,
      boolean defaults,
      int[] panelsRun,
      int[] withData)
      throws Exception {
    if (index == order.size()) {
      runPanels(dashboardName, dashboard, variables, chosen, defaults, panelsRun, withData);
      return;
    }
    JsonNode v = variables.get(order.get(index));
    String name = v.path("name").asText();
    List<String> values = variableValues(v, chosen);
    assertFalse(values.isEmpty(), dashboardName + ": $" + name + " has no values for " + chosen);
    if (name.equals("message")) {
      assertEquals(List.copyOf(tables), values, "$message lists exactly the message tables");
    }
    if (name.equals("device")) {
      assertEquals(List.of(DEVICE), values, "$device for " + chosen);
    }
    boolean multi = v.path("multi").asBoolean();
    boolean all = v.path("includeAll").asBoolean();
    // A multi-value variable is walked once with every value selected (what a repeated panel
    // iterates over), a single-value one once per value.
    List<Variable> choices = new ArrayList<>();
    if (multi) {
      choices.add(new Variable(name, true, all, values));
    } else {
      for (String value : values) {
        choices.add(new Variable(name, false, all, List.of(value)));
      }
    }
    for (int i = 0; i < choices.size(); i++) {
      Map<String, Variable> next = new LinkedHashMap<>(chosen);
      next.put(name, choices.get(i));
      walk(
          dashboardName,
          dashboard,
          variables,
          order,
          index + 1,
          next,
          defaults && i == 0,
          panelsRun,
          withData);
    }
  }

  private void runPanels(
      String dashboardName,
      JsonNode dashboard,
      Map<String, JsonNode> variables,
      Map<String, Variable> chosen,
      boolean defaults,
      int[] panelsRun,
      int[] withData)
      throws Exception {
    String message = chosen.get("message").values().getFirst();
    for (JsonNode panel : dashboard.path("panels")) {
      // A repeated panel is one copy per selected value, each with the variable scoped to it.
      List<Map<String, Variable>> copies = new ArrayList<>();
      String repeat = panel.path("repeat").asText();
      if (repeat.isEmpty()) {
        copies.add(chosen);
      } else {
        Variable r = chosen.get(repeat);
        assertNotNull(r, "panel repeats over unknown $" + repeat);
        for (String value : r.values()) {
          Map<String, Variable> scoped = new LinkedHashMap<>(chosen);
          scoped.put(repeat, new Variable(repeat, r.multi(), r.includeAll(), List.of(value)));
          copies.add(scoped);
        }
      }
      for (Map<String, Variable> vars : copies) {
        for (JsonNode target : panel.path("targets")) {
          String signal = vars.get("signal").values().getFirst();
          List<Map.Entry<Long, Double>> raw = rawRows(message, signal);
          for (Duration interval : INTERVALS) {
            String sql = expand(target.path("rawSql").asText(), vars, interval);
            Result r = run(sql);
            panelsRun[0]++;
            String what =
                dashboardName
                    + " panel "
                    + panel.path("id")
                    + " "
                    + vars
                    + " at "
                    + interval
                    + ":\n"
                    + sql;
            checkPanel(target, r, raw, interval, what);
            if (!r.rows().isEmpty()) {
              withData[0]++;
            } else {
              assertFalse(defaults, "the default selection shows data: " + what);
            }
          }
        }
      }
    }
  }

  /**
   * The raw (ts µs, value) pairs of the signal for the device in the range (one per bus when two
   * buses carry the message at the same instant), NaN for NULL.
   */
  private List<Map.Entry<Long, Double>> rawRows(String message, String signal) {
    Result r =
        run(
            "SELECT ts, \""
                + signal
                + "\" FROM \""
                + message
                + "\" WHERE device = '"
                + DEVICE
                + "' AND ts >= "
                + micros(from)
                + " AND ts <= "
                + micros(to));
    List<Map.Entry<Long, Double>> out = new ArrayList<>();
    for (List<Object> row : r.rows()) {
      double v = row.get(1) == null ? Double.NaN : ((Number) row.get(1)).doubleValue();
      out.add(Map.entry((Long) row.get(0), v));
    }
    return out;
  }

  /**
   * Grafana's time-series format needs a {@code time} column, ascending; the values must be the
   * min/avg/max of the raw rows in each bucket (NULL when the bucket has rows but no value).
   */
  private void checkPanel(
      JsonNode target,
      Result r,
      List<Map.Entry<Long, Double>> raw,
      Duration interval,
      String what) {
    assertEquals("time_series", target.path("format").asText(), what);
    assertEquals(List.of("time", "min", "avg", "max"), r.columns(), what);
    long step = interval.toMillis() * 1000;
    Map<Long, List<Double>> expected = new TreeMap<>();
    for (Map.Entry<Long, Double> e : raw) {
      List<Double> bucket =
          expected.computeIfAbsent(Math.floorDiv(e.getKey(), step) * step, k -> new ArrayList<>());
      if (!Double.isNaN(e.getValue())) {
        bucket.add(e.getValue());
      }
    }
    assertEquals(
        expected.keySet().stream().toList(),
        r.rows().stream().map(row -> row.getFirst()).toList(),
        "buckets of " + what);
    for (List<Object> row : r.rows()) {
      List<Double> values = expected.get((Long) row.get(0));
      if (values.isEmpty()) {
        assertEquals(java.util.Arrays.asList(null, null, null), row.subList(1, 4), what);
        continue;
      }
      double min = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      double max = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      double avg = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      assertEquals(
          min, ((Number) row.get(1)).doubleValue(), 0.0, "min at " + row.get(0) + " " + what);
      assertEquals(
          avg,
          ((Number) row.get(2)).doubleValue(),
          1e-9 * Math.max(1, Math.abs(avg)),
          "avg " + what);
      assertEquals(max, ((Number) row.get(3)).doubleValue(), 0.0, "max " + what);
    }
  }

  /**
   * The image's HEALTHCHECK command (run by bash, as in the container) passes against the running
   * gateway and fails where nothing listens; the k8s probe paths answer 200 without a token.
   */
  @Test
  void imageHealthcheckAndKubernetesProbesWorkOnARunningGateway() throws Exception {
    List<DeploymentFiles.Instruction> hc = DeploymentFiles.finalStage("HEALTHCHECK");
    String args = hc.getFirst().args();
    List<String> cmd = new ArrayList<>();
    DeploymentFiles.JSON
        .readTree(args.substring(args.indexOf("CMD") + 3).strip())
        .forEach(n -> cmd.add(n.asText()));
    String imagePort = "127.0.0.1/" + GatewayConfig.DEFAULTS.http().port();
    assertTrue(cmd.getLast().contains(imagePort), cmd.toString());
    assertEquals(0, exec(cmd, imagePort, "127.0.0.1/" + server.port()), "healthy gateway");
    int closed;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    assertTrue(exec(cmd, imagePort, "127.0.0.1/" + closed) != 0, "nothing listening: unhealthy");
    for (JsonNode doc : DeploymentFiles.yamlDocuments(DeploymentFiles.K8S)) {
      if (doc.path("kind").asText().equals("Deployment")) {
        JsonNode c = doc.path("spec").path("template").path("spec").path("containers").get(0);
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
          String path = c.path(probe).path("httpGet").path("path").asText();
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertEquals(200, r.statusCode(), probe + " " + path + ": " + r.body());
          assertTrue(r.body().contains("\"UP\""), probe + ": " + r.body());
        }
      }
    }
  }

  private static int exec(List<String> cmd, String from, String to) throws Exception {
    List<String> c = new ArrayList<>(cmd);
    c.set(c.size() - 1, c.getLast().replace(from, to));
    Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
    if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("healthcheck hangs: " + c);
    }
    return p.exitValue();
  }

  /** The SQL of the Grafana section of docs/operations.md, statement by statement. */
  private static List<String> docQueries() throws Exception {
    String doc = Files.readString(Path.of("docs", "operations.md"));
    int start = doc.indexOf("\n## Grafana");
    assertTrue(start >= 0, "docs/operations.md has a Grafana section");
    String section = doc.substring(start, doc.indexOf("\n## ", start + 1));
    Matcher m = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL).matcher(section);
    List<String> queries = new ArrayList<>();
    while (m.find()) {
      StringBuilder sql = new StringBuilder();
      for (String line : m.group(1).split("\n")) {
        if (!line.strip().startsWith("--")) {
          sql.append(line).append('\n');
        }
      }
      for (String statement : sql.toString().split(";")) {
        if (!statement.isBlank()) {
          queries.add(statement.strip());
        }
      }
    }
    return queries;
  }

  /**
   * Each example of docs/operations.md, with {@code $device} the logger and the dashboard's range,
   * returns rows; a {@code time} column is ascending and inside the range; value columns are not
   * all NULL.
   */
  @Test
  void docsExampleQueriesRunAndReturnData() throws Exception {
    JsonNode dashboard = DeploymentFiles.dashboards().values().iterator().next();
    from = time(dashboard, "from");
    to = time(dashboard, "to");
    List<String> queries = docQueries();
    assertTrue(queries.size() >= 4, queries.toString());
    Map<String, Variable> vars = Map.of("device", Variable.single("device", DEVICE));
    for (String q : queries) {
      String sql = expand(q, vars, INTERVALS.getFirst());
      Result r = run(sql);
      assertFalse(r.rows().isEmpty(), "no rows: " + sql);
      int time = r.columns().indexOf("time");
      long last = Long.MIN_VALUE;
      for (List<Object> row : r.rows()) {
        if (time >= 0) {
          long t = (Long) row.get(time);
          assertTrue(t >= micros(from) && t <= micros(to), "time in range: " + sql);
          assertTrue(t > last, "time ascending: " + sql);
          last = t;
        }
      }
      for (int c = 0; c < r.columns().size(); c++) {
        int col = c;
        assertTrue(
            r.rows().stream().anyMatch(row -> row.get(col) != null),
            "column " + r.columns().get(c) + " has values: " + sql);
      }
    }
  }
}
