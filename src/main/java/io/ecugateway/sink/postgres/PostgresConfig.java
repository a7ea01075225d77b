package io.ecugateway.sink.postgres;

import io.ecugateway.sink.OutputConfig;
import java.util.List;

/**
 * {@code storage.postgres}: an external PostgreSQL database.
 *
 * @param url JDBC URL of the PostgreSQL database
 * @param user user (may also be part of the URL)
 * @param password password
 * @param schema schema holding one table per message
 * @param batchRows rows per COPY batch
 */
public record PostgresConfig(String url, String user, String password, String schema, int batchRows)
    implements OutputConfig {
  public static final PostgresConfig DEFAULTS =
      new PostgresConfig(
          "jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "", "public", 20000);

  public PostgresConfig {
    url = url == null ? DEFAULTS.url : url;
    user = user == null ? DEFAULTS.user : user;
    password = password == null ? DEFAULTS.password : password;
    schema = schema == null ? DEFAULTS.schema : schema;
  }

  @Override
  public void validate(List<String> errors) {
    if (batchRows < 1) {
      errors.add("storage.postgres.batchRows must be positive");
    }
    if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
      errors.add("storage.postgres.schema must be a plain identifier");
    }
  }
}
