package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ecugateway.app.GrafanaSql.Variable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The model of Grafana's query expansion that {@link GrafanaQueriesTest} relies on, pinned to the
 * outputs Grafana's own tests and datasource code state (grafana-postgresql-datasource macros,
 * grafana-sql variable formatting, plugin SDK interval text).
 */
class GrafanaSqlTest {
  private static final Instant FROM = Instant.parse("2018-04-12T18:00:00Z");
  private static final Instant TO = Instant.parse("2018-04-12T18:05:00Z");

  private static String macros(String sql) {
    return GrafanaSql.expandMacros(sql, FROM, TO, Duration.ofMinutes(10));
  }

  @Test
  void serverMacros() {
    assertEquals(
        "WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'",
        macros("WHERE $__timeFilter(time_column)"));
    assertEquals("select '2018-04-12T18:00:00Z'", macros("select $__timeFrom()"));
    assertEquals("select '2018-04-12T18:05:00Z'", macros("select $__timeTo()"));
    assertEquals("select time_column AS \"time\"", macros("select $__time(time_column)"));
    assertEquals(
        "select time >= 1523556000 AND time <= 1523556300",
        macros("select $__unixEpochFilter(time)"));
    assertEquals("SELECT 10m, 600000", macros("SELECT $__interval, $__interval_ms"));
    assertThrows(IllegalArgumentException.class, () -> macros("SELECT $__nope(x)"));
  }

  @Test
  void timesAreRfc3339WithNanosecondsWithoutTrailingZeros() {
    assertEquals(
        "1960-02-01T07:00:00.5Z", GrafanaSql.rfc3339(Instant.parse("1960-02-01T07:00:00.5Z")));
    assertEquals(
        "2021-07-26T04:40:00.000000123Z",
        GrafanaSql.rfc3339(Instant.parse("2021-07-26T04:40:00.000000123Z")));
  }

  @Test
  void intervalTextIsTheLargestWholeUnit() {
    assertEquals("2s", GrafanaSql.formatInterval(Duration.ofMillis(2500)));
    assertEquals("1m", GrafanaSql.formatInterval(Duration.ofSeconds(90)));
    assertEquals("100ms", GrafanaSql.formatInterval(Duration.ofMillis(100)));
    assertEquals("1d", GrafanaSql.formatInterval(Duration.ofHours(36)));
  }

  @Test
  void variablesAreFormattedLikeTheSqlDatasource() {
    Map<String, Variable> vars =
        Map.of(
            "device", Variable.single("device", "it's"),
            "signal", new Variable("signal", true, false, List.of("Speed")),
            "many", new Variable("many", true, false, List.of("a", "b")));
    Duration i = Duration.ofSeconds(2);
    assertEquals("'it''s'", GrafanaSql.interpolateVariables("'$device'", vars, i));
    // A multi-value variable's value is a string literal, even alone (a repeated panel's copy).
    assertEquals("\"'Speed'\"", GrafanaSql.interpolateVariables("\"$signal\"", vars, i));
    assertEquals("\"Speed\"", GrafanaSql.interpolateVariables("\"${signal:raw}\"", vars, i));
    assertEquals("\"Speed\"", GrafanaSql.interpolateVariables("${signal:doublequote}", vars, i));
    assertEquals("'a','b'", GrafanaSql.interpolateVariables("$many", vars, i));
    assertEquals(
        "2000T 2s", GrafanaSql.interpolateVariables("${__interval_ms}T $__interval", vars, i));
    // Names Grafana does not know are left for the server (macros).
    assertEquals(
        "$__timeFilter(ts) $other",
        GrafanaSql.interpolateVariables("$__timeFilter(ts) $other", vars, i));
  }
}
