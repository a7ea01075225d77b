package io.ecugateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.config.GatewayConfig;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  private static final Path SHIPPED = Path.of("config", "gateway.yaml");

  @Test
  void shippedFileStatesExactlyTheBuiltInDefaults() throws Exception {
    GatewayConfig fromFile = ConfigLoader.load(SHIPPED, k -> null);
    assertEquals(GatewayConfig.DEFAULTS, fromFile);
  }

  @Test
  void shippedFileDocumentsEveryKey() throws Exception {
    String text = Files.readString(SHIPPED);
    for (String key : ConfigLoader.keys()) {
      String leaf = key.substring(key.lastIndexOf('.') + 1);
      assertTrue(text.contains("\n" + " ".repeat(indent(key)) + leaf + ":"), key);
    }
  }

  private static int indent(String key) {
    return 2 * (int) key.chars().filter(c -> c == '.').count();
  }

  @Test
  void environmentOverridesFileAndDefaults(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "http:\n  port: 9090\nstorage:\n  sink: postgres\n");
    Map<String, String> env =
        Map.of(
            "ECUGW_HTTP_PORT", "7070",
            "ECUGW_AUTH_TOKENS", "a, b",
            "ECUGW_STORAGE_QUESTDB_PG_PORT", "18812",
            "ECUGW_DECODE_DEVICE_DBCS", "{dev1: [can1-x.dbc]}");
    GatewayConfig c = ConfigLoader.load(file, env::get);
    assertEquals(7070, c.http().port());
    assertEquals("postgres", c.storage().sink());
    assertEquals(List.of("a", "b"), c.auth().tokens());
    assertEquals(18812, c.storage().questdb().pgPort());
    assertEquals(Map.of("dev1", List.of("can1-x.dbc")), c.decode().deviceDbcs());
    assertEquals("0.0.0.0", c.bindHost(), "tokens configured: serve the network");
  }

  @Test
  void withoutTokensBindsLoopbackAndRefusesOtherAddresses() throws Exception {
    assertEquals("127.0.0.1", GatewayConfig.DEFAULTS.bindHost());
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("http:\n  host: 0.0.0.0\n"));
    assertTrue(e.getMessage().contains("no auth.tokens"), e.getMessage());
  }

  @Test
  void unknownKeysAndBadValuesAreNamed() {
    GatewayConfig.ConfigException unknown =
        assertThrows(
            GatewayConfig.ConfigException.class, () -> ConfigLoader.parse("http:\n  prot: 1\n"));
    assertTrue(unknown.getMessage().contains("http.prot"), unknown.getMessage());
    GatewayConfig.ConfigException bad =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("storage:\n  sink: influx\ndecode:\n  workers: 0\n"));
    assertTrue(bad.getMessage().contains("storage.sink"), bad.getMessage());
    assertTrue(bad.getMessage().contains("decode.workers"), bad.getMessage());
  }

  @Test
  void envNamesAreUpperSnakeCase() {
    assertEquals("ECUGW_STORAGE_QUESTDB_PG_PORT", ConfigLoader.envName("storage.questdb.pgPort"));
    assertEquals("ECUGW_HTTP_MAX_UPLOAD_BYTES", ConfigLoader.envName("http.maxUploadBytes"));
  }

  /**
   * Valid data for every map-valued key, with data keys that are not configuration keys (dots, a
   * {@code *}, digits). {@link #theSamplesCoverEveryMapValuedKey} fails when a section gains a map
   * this table lacks, so no map key goes untested from YAML or from its variable.
   */
  private static final Map<String, Map<String, ?>> MAP_SAMPLES =
      Map.of(
          "auth.deviceTokens", Map.of("dev-1", List.of("t1", "t2"), "2F6913DB", List.of("t3")),
          "decode.deviceDbcs", Map.of("dev.1", List.of("can1-a.dbc", "b.dbc")),
          "decode.passwords", Map.of("default", "pw", "2F6913DB", "s3cret"),
          "transport.protocols",
              Map.of("*", List.of("isotp", "j1939"), "can2", List.of("nmea2000")),
          "transport.isotpLayouts", Map.of("can1", "B", "*", "A"),
          "transport.dbcLayouts", Map.of("tp_uds_hyundai_soc.dbc", "B"),
          "transport.isotpIds", Map.of("can1", List.of("7E9", "18DAF110")),
          "logging.levels", Map.of("io.ecugateway.ingest", "debug", "io.questdb", "error"));

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSamplesCoverEveryMapValuedKey() {
    assertEquals(mapValuedKeys(GatewayConfig.class, ""), MAP_SAMPLES.keySet());
  }

  @Test
  void everyMapValuedKeyRoundTripsThroughYamlAndItsVariable() throws Exception {
    for (Map.Entry<String, Map<String, ?>> e : MAP_SAMPLES.entrySet()) {
      String key = e.getKey();
      String inline = JSON.writeValueAsString(e.getValue()); // JSON is inline YAML
      String yaml =
          "{\"" + key.replace(".", "\": {\"") + "\": " + inline + "}".repeat(dots(key) + 1);
      assertEquals(e.getValue(), valueAt(ConfigLoader.parse(yaml), key), "YAML " + yaml);
      Map<String, String> env = Map.of(ConfigLoader.envName(key), inline);
      assertEquals(
          e.getValue(),
          valueAt(ConfigLoader.load((Path) null, env::get), key),
          ConfigLoader.envName(key) + "=" + inline);
    }
  }

  @Test
  void aMapFromTheEnvironmentReplacesTheFilesWholeMap(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("g.yaml");
    Files.writeString(file, "logging:\n  levels:\n    io.questdb: error\n    io.vertx: warn\n");
    Map<String, String> env = Map.of("ECUGW_LOGGING_LEVELS", "{io.netty: debug}");
    GatewayConfig c = ConfigLoader.load(file, env::get);
    assertEquals(Map.of("io.netty", "debug"), c.logging().levels());
    assertTrue(ConfigLoader.parse("transport: {protocols: {can1: [isotp]}}").transport().enabled());
  }

  @Test
  void logLevelsFromTheEnvironmentIgnoreCase() {
    Map<String, String> env = Map.of("ECUGW_LOGGING_LEVEL", "WARN");
    assertEquals("warn", ConfigLoader.load((Path) null, env::get).logging().level());
  }

  /** Key paths of the {@code Map} components of {@code record} and the records inside it. */
  private static Set<String> mapValuedKeys(Class<?> record, String prefix) {
    Set<String> out = new HashSet<>();
    for (RecordComponent c : record.getRecordComponents()) {
      String key = prefix + c.getName();
      if (Map.class.isAssignableFrom(c.getType())) {
        out.add(key);
      } else if (c.getType().isRecord()) {
        out.addAll(mapValuedKeys(c.getType(), key + "."));
      }
    }
    return out;
  }

  /** The value of the key path {@code a.b} in the configuration, by its record components. */
  private static Object valueAt(Object config, String key) throws ReflectiveOperationException {
    Object value = config;
    for (String name : key.split("\\.")) {
      value = value.getClass().getMethod(name).invoke(value);
    }
    return value;
  }

  private static int dots(String key) {
    return (int) key.chars().filter(c -> c == '.').count();
  }

  @Test
  void badLogLevelsAreNamed() {
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("logging: {level: loud, levels: {io.x: verbose}}\n"));
    assertTrue(e.getMessage().contains("logging.level must be"), e.getMessage());
    assertTrue(e.getMessage().contains("logging.levels.io.x"), e.getMessage());
  }

  @Test
  void timestampWindowFromYamlAndEnvironmentAndBadValuesNamed() throws Exception {
    GatewayConfig c = ConfigLoader.parse("decode: {minTimestamp: 2010-06-01T12:00:00Z}\n");
    assertEquals(1275393600L * 1_000_000_000L, c.decode().minTimestampNs());
    assertEquals(946684800L * 1_000_000_000L, GatewayConfig.DEFAULTS.decode().minTimestampNs());
    Map<String, String> env = Map.of("ECUGW_DECODE_MAX_FUTURE_SECONDS", "60");
    assertEquals(60, ConfigLoader.load((Path) null, env::get).decode().maxFutureSeconds());
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.parse("decode: {minTimestamp: yesterday, maxFutureSeconds: -1}\n"));
    assertTrue(e.getMessage().contains("decode.minTimestamp"), e.getMessage());
    assertTrue(e.getMessage().contains("decode.maxFutureSeconds"), e.getMessage());
  }

  @Test
  void aBadValueFromTheEnvironmentNamesItsKeyAndVariable() {
    Map<String, String> env = Map.of("ECUGW_HTTP_PORT", "not-a-port");
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class, () -> ConfigLoader.load((Path) null, env::get));
    assertTrue(e.getMessage().contains("http.port"), e.getMessage());
    assertTrue(e.getMessage().contains("ECUGW_HTTP_PORT"), e.getMessage());
  }

  @Test
  void s3importFromTheEnvironmentWithPathStyleForACustomEndpoint() {
    Map<String, String> env =
        Map.of(
            "ECUGW_S3IMPORT_ENABLED", "true",
            "ECUGW_S3IMPORT_BUCKET", "fleet",
            "ECUGW_S3IMPORT_PREFIX", "LOG/",
            "ECUGW_S3IMPORT_ENDPOINT", "http://minio.local:9000",
            "ECUGW_S3IMPORT_ACCESS_KEY", "AKIDEXAMPLE",
            "ECUGW_S3IMPORT_SECRET_KEY", "wJalrXUtnFEMI-secret",
            "ECUGW_S3IMPORT_INTERVAL_SECONDS", "60");
    GatewayConfig c = ConfigLoader.load((Path) null, env::get);
    assertTrue(c.s3import().enabled());
    assertEquals("fleet", c.s3import().bucket());
    assertEquals("LOG/", c.s3import().prefix());
    assertEquals(60, c.s3import().intervalSeconds());
    assertEquals("AKIDEXAMPLE", c.s3import().accessKey());
    assertTrue(c.s3import().pathStyle(), "a custom endpoint is addressed path-style");
    assertTrue(!GatewayConfig.DEFAULTS.s3import().pathStyle(), "AWS: virtual-hosted");
    assertTrue(!c.s3import().toString().contains("wJalrXUtnFEMI"), "no secret in toString");
  }

  @Test
  void badS3importValuesAreNamed() {
    GatewayConfig.ConfigException e =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "s3import:\n  enabled: true\n  accessKey: a\n  endpoint: ftp://x\n"
                        + "  addressing: sideways\n  parallelDownloads: 0\n"));
    for (String key :
        List.of(
            "s3import.bucket",
            "s3import.secretKey",
            "s3import.endpoint",
            "s3import.addressing",
            "s3import.parallelDownloads")) {
      assertTrue(e.getMessage().contains(key), key + " in " + e.getMessage());
    }
  }

  @Test
  void s3CredentialsComeFromTheEnvironmentFormAndAreRequiredToEnable() throws Exception {
    GatewayConfig c =
        ConfigLoader.load(
            (Path) null,
            Map.of(
                    "ECUGW_S3_ENABLED", "true",
                    "ECUGW_S3_CREDENTIALS",
                        "fleet-admin:secret-0001,logger-1:secret-0002:3BA199E2|AAAAAAAA")
                ::get);
    assertEquals(2, c.s3().credentials().size());
    assertEquals("secret-0001", c.s3().credentials().get(0).secret());
    assertEquals(List.of("*"), c.s3().credentials().get(0).devices());
    assertEquals(List.of("3BA199E2", "AAAAAAAA"), c.s3().credentials().get(1).devices());
    assertEquals("0.0.0.0", c.s3().bindHost());
    assertTrue(
        !c.s3().credentials().get(1).toString().contains("secret-0002"), "no secret in logs");

    GatewayConfig.ConfigException none =
        assertThrows(
            GatewayConfig.ConfigException.class,
            () -> ConfigLoader.load((Path) null, Map.of("ECUGW_S3_ENABLED", "true")::get));
    assertTrue(none.getMessage().contains("s3.credentials"), none.getMessage());
    GatewayConfig yaml =
        ConfigLoader.parse(
            "s3:\n  enabled: true\n  credentials:\n    - {accessKey: ak1, secret: s3cr3t-long, devices: \"*\"}\n");
    assertTrue(yaml.s3().credentials().getFirst().allDevices());
  }
}
