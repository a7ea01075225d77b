package io.ecugateway.app;

import io.ecugateway.config.GatewayConfig;
import io.ecugateway.ingest.Ingest;
import io.ecugateway.ingest.Upload;
import io.ecugateway.ingest.UploadState;
import io.ecugateway.logging.LogLevels;
import io.ecugateway.s3import.BucketImporter;
import io.ecugateway.s3import.BucketLocation;
import io.ecugateway.s3import.ImportPass;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import s3://bucket/prefix}: one pass over a bucket into the gateway's own pipeline. It
 * runs the gateway of the configuration file (store, data directory, DBC files, HTTP port) for the
 * time of the import, hands every CANedge log to its ingest service and waits until each is decoded
 * and stored; a gateway already running on that configuration imports with its {@code s3import}
 * section instead.
 */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import the CANedge logs of an S3 bucket (AWS, MinIO, any S3 server).",
      "Runs the gateway of the configuration (the store, data directory and DBC",
      "files of serve) until every new log is decoded and stored. Objects imported",
      "before with the same ETag are skipped.",
      "Credentials: --access-key/--secret-key, s3import.* in the configuration, or",
      "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws.",
      "Exit code: 0 all imported and stored, 1 some failed, 2 usage or configuration."
    })
public final class ImportCommand implements Callable<Integer> {

  @Parameters(
      index = "0",
      paramLabel = "s3://BUCKET[/PREFIX]",
      description = "Bucket and key prefix, e.g. s3://fleet/LOG/.")
  String location;

  @Option(
      names = "--endpoint",
      paramLabel = "URL",
      description = "S3 endpoint, e.g. http://minio.local:9000 (default: AWS S3).")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION", description = "Signing region.")
  String region;

  @Option(
      names = "--addressing",
      paramLabel = "auto|path|virtual",
      description = "URL style (default auto: path-style with --endpoint, else virtual-hosted).")
  String addressing;

  @Option(names = "--access-key", paramLabel = "ID", description = "Access key id.")
  String accessKey;

  @Option(
      names = "--secret-key",
      paramLabel = "SECRET",
      description = "Secret key (prefer AWS_SECRET_ACCESS_KEY: arguments are visible to ps).")
  String secretKey;

  @Option(
      names = "--parallel",
      paramLabel = "N",
      description = "Objects downloaded at the same time (default: s3import.parallelDownloads).")
  Integer parallel;

  @Mixin GatewayOptions gateway = new GatewayOptions();

  @Option(
      names = {"-p", "--port"},
      paramLabel = "PORT",
      description = "HTTP port while importing, overriding the configuration (0: any free port).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    GatewayConfig cfg;
    try {
      cfg = ConfigLoader.load(gateway.config, port, environment(BucketLocation.parse(location)));
    } catch (IllegalArgumentException | GatewayConfig.ConfigException e) {
      System.err.println("ecu-gateway import: " + e.getMessage());
      return 2;
    }
    LogLevels.apply(cfg.logging());
    if (cfg.http().port() != 0 && listening(cfg.bindHost(), cfg.http().port())) {
      System.err.println(
          "ecu-gateway import: something listens on "
              + cfg.bindHost()
              + ":"
              + cfg.http().port()
              + ", probably the gateway of this configuration: stop it, or let it import with its"
              + " s3import section (docs/s3.md), or give another --config");
      return 2;
    }
    return Running.importOnce(cfg);
  }

  /** The process environment with the command's flags as {@code ECUGW_S3IMPORT_*} variables. */
  private Map<String, String> environment(BucketLocation where) {
    Map<String, String> env = new HashMap<>(System.getenv());
    put(env, "enabled", "false"); // one pass here; polling is the running gateway's job
    put(env, "bucket", where.bucket());
    put(env, "prefix", where.prefix());
    put(env, "endpoint", endpoint);
    put(env, "region", region);
    put(env, "addressing", addressing);
    put(env, "accessKey", accessKey);
    put(env, "secretKey", secretKey);
    put(env, "parallelDownloads", parallel == null ? null : parallel.toString());
    return env;
  }

  private static void put(Map<String, String> env, String key, String value) {
    if (value != null) {
      env.put(ConfigLoader.envName("s3import." + key), value);
    }
  }

  private static boolean listening(String host, int port) {
    String target = host.equals("0.0.0.0") ? "127.0.0.1" : host;
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(target, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The import's run, in a class of its own: {@code --help} creates this command to describe it,
   * and verifying a method that holds a {@link GatewayServer} or {@link Ingest} would load them.
   */
  private static final class Running {
    static int importOnce(GatewayConfig cfg) throws Exception {
      GatewayServer server = GatewayServer.start(cfg);
      Thread hook = new Thread(server::close, "shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try (BucketImporter importer =
          BucketImporter.open(
              server.context().service(Ingest.class),
              cfg.s3import(),
              cfg.storage().dataPath(),
              server.context().meters())) {
        ImportPass pass = importer.runOnce();
        long failedDecodes = awaitFinal(server.context().service(Ingest.class), pass.uploadIds());
        System.out.println("import " + importer.location() + ": " + pass.summary());
        System.out.println(
            "stored: "
                + (pass.uploadIds().size() - failedDecodes)
                + ", failed to decode: "
                + failedDecodes);
        return pass.failed() == 0 && failedDecodes == 0 && pass.error() == null ? 0 : 1;
      } finally {
        if (Runtime.getRuntime().removeShutdownHook(hook)) {
          server.close();
        }
      }
    }

    /**
     * Waits until every imported upload is stored or failed (progress every 10 s on stderr).
     *
     * @return how many failed
     */
    private static long awaitFinal(Ingest ingest, List<String> ids) throws InterruptedException {
      long nextReport = System.nanoTime() + 10_000_000_000L;
      while (true) {
        long done = 0;
        long failed = 0;
        for (String id : ids) {
          Optional<Upload> u = ingest.journal().get(id);
          if (u.isPresent() && u.get().state().isFinal()) {
            done++;
            failed += u.get().state() == UploadState.FAILED ? 1 : 0;
          }
        }
        if (done == ids.size()) {
          return failed;
        }
        if (System.nanoTime() > nextReport) {
          System.err.println("import: " + done + " of " + ids.size() + " logs decoded and stored");
          nextReport = System.nanoTime() + 10_000_000_000L;
        }
        Thread.sleep(200);
      }
    }
  }
}
