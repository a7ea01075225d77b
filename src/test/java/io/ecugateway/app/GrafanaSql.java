package io.ecugateway.app;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Grafana (11.x) does to the SQL of a PostgreSQL-datasource query before the database sees it,
 * in its two steps, so that tests can run dashboard and docs/operations.md queries as Grafana would
 * send them:
 *
 * <ol>
 *   <li>the browser replaces template variables ({@code $var}, {@code ${var}}, {@code
 *       ${var:format}}, {@code [[var]]}) with the SQL datasource's own formatting: a value of a
 *       multi-value or include-all variable becomes a quoted literal {@code 'v'}, any other value
 *       is inserted as is with {@code '} doubled (grafana-sql {@code
 *       SqlDatasource.interpolateVariable});
 *   <li>the server replaces {@code $__interval_ms}, {@code $__interval} and the macros {@code
 *       $__name(args)} (grafana-postgresql-datasource {@code macros.go}: {@code $__timeFilter(c)} →
 *       {@code c BETWEEN 'from' AND 'to'}, times in UTC RFC 3339 with nanoseconds, trailing zeros
 *       dropped). An unknown macro is an error there, and here.
 * </ol>
 */
final class GrafanaSql {
  private GrafanaSql() {}

  /** A dashboard variable and the value(s) it currently has. */
  record Variable(String name, boolean multi, boolean includeAll, List<String> values) {
    static Variable single(String name, String value) {
      return new Variable(name, false, false, List.of(value));
    }
  }

  /** Grafana's template variable syntaxes (public/app/features/variables/utils.ts). */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(\\w+)|\\[\\[(\\w+?)(?::(\\w+))?]]|\\$\\{(\\w+)(?:\\.([^:^}]+))?(?::([^}]+))?}");

  private static final Pattern MACRO = Pattern.compile("\\$([_a-zA-Z0-9]+)\\(([^)]*)\\)");

  /**
   * Step 1: template variables, including the built-ins {@code __interval} / {@code __interval_ms}
   * that the browser knows for a panel. Unknown names stay as they are (Grafana leaves them for the
   * server, e.g. {@code $__timeFilter}).
   */
  static String interpolateVariables(String sql, Map<String, Variable> vars, Duration interval) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = first(m.group(1), m.group(2), m.group(4));
      String format = m.group(3) != null ? m.group(3) : m.group(6);
      Variable v = vars.get(name);
      if (v == null && name.equals("__interval_ms")) {
        v = Variable.single(name, Long.toString(interval.toMillis()));
      } else if (v == null && name.equals("__interval")) {
        v = Variable.single(name, formatInterval(interval));
      }
      String replacement = v == null ? m.group() : format(v, format);
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String format(Variable v, String format) {
    if (format == null) {
      if (v.values().size() == 1) {
        String value = v.values().getFirst();
        return v.multi() || v.includeAll() ? quoteLiteral(value) : value.replace("'", "''");
      }
      return String.join(",", v.values().stream().map(GrafanaSql::quoteLiteral).toList());
    }
    List<String> parts = new ArrayList<>();
    for (String value : v.values()) {
      parts.add(
          switch (format) {
            case "raw", "csv" -> value;
            case "sqlstring" -> "'" + value.replace("'", "''") + "'";
            case "singlequote" -> "'" + value.replace("'", "\\'") + "'";
            case "doublequote" -> "\"" + value.replace("\"", "\\\"") + "\"";
            default ->
                throw new IllegalArgumentException(
                    "variable format '" + format + "' of $" + v.name() + " is not modelled here");
          });
    }
    return String.join(",", parts);
  }

  private static String quoteLiteral(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  /** Step 2: the server-side substitutions, for the dashboard time range and panel interval. */
  static String expandMacros(String sql, Instant from, Instant to, Duration interval) {
    String s = sql.replace("$__interval_ms", Long.toString(interval.toMillis()));
    s = s.replace("$__interval", formatInterval(interval));
    s = s.replace("$__unixEpochFrom()", Long.toString(from.getEpochSecond()));
    s = s.replace("$__unixEpochTo()", Long.toString(to.getEpochSecond()));
    Matcher m = MACRO.matcher(s);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      List<String> args = new ArrayList<>();
      for (String a : m.group(2).split(",", -1)) {
        args.add(a.strip());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(macro(m.group(1), args, from, to)));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String macro(String name, List<String> args, Instant from, Instant to) {
    String column = args.getFirst();
    return switch (name) {
      case "__time" -> column + " AS \"time\"";
      case "__timeEpoch" -> "extract(epoch from " + column + ") as \"time\"";
      case "__timeFilter" -> column + " BETWEEN '" + rfc3339(from) + "' AND '" + rfc3339(to) + "'";
      case "__timeFrom" -> "'" + rfc3339(from) + "'";
      case "__timeTo" -> "'" + rfc3339(to) + "'";
      case "__unixEpochFilter" ->
          column + " >= " + from.getEpochSecond() + " AND " + column + " <= " + to.getEpochSecond();
      case "__unixEpochNanoFilter" ->
          column + " >= " + nanos(from) + " AND " + column + " <= " + nanos(to);
      case "__unixEpochNanoFrom" -> Long.toString(nanos(from));
      case "__unixEpochNanoTo" -> Long.toString(nanos(to));
      default ->
          throw new IllegalArgumentException(
              "macro $"
                  + name
                  + " is not expanded by this model of Grafana's PostgreSQL datasource");
    };
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  /** Go's {@code time.RFC3339Nano} of a UTC time: fraction without trailing zeros, then Z. */
  static String rfc3339(Instant t) {
    String s = SECONDS.format(t);
    if (t.getNano() != 0) {
      String fraction = String.format("%09d", t.getNano()).replaceFirst("0+$", "");
      s += "." + fraction;
    }
    return s + "Z";
  }

  /**
   * Grafana's interval text (plugin SDK {@code gtime.FormatInterval}): the count of the largest
   * unit that fits, truncated (90 s → 1m).
   */
  static String formatInterval(Duration d) {
    long ms = d.toMillis();
    long[] units = {365L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1};
    String[] names = {"y", "d", "h", "m", "s", "ms"};
    for (int i = 0; i < units.length; i++) {
      if (ms >= units[i]) {
        return ms / units[i] + names[i];
      }
    }
    return "1ms";
  }

  private static String first(String... candidates) {
    for (String c : candidates) {
      if (c != null) {
        return c;
      }
    }
    throw new IllegalStateException("no variable name in match");
  }
}
