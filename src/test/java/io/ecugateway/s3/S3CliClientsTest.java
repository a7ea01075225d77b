package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.ingest.Upload;
import io.ecugateway.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The S3 command-line clients fleets use, as Debian ships them ({@code .ci/run} installs {@code
 * awscli}, {@code rclone}, {@code s3cmd}, {@code python3-boto3}): each uploads a real CANedge log
 * (decoded by the pipeline), lists it and downloads the device's configuration file. Each tool is
 * configured for path-style addressing, as docs/s3.md tells users to; a missing tool skips its
 * test.
 */
@Timeout(240)
class S3CliClientsTest {
  @TempDir static Path dir;
  static S3Gateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = S3Gateway.start(dir);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** A real CANedge log of the shared samples and where a CANedge would PUT it. */
  record Log(Path file, String device, String session, String key) {
    static Log of(String relative) {
      Path file = SharedData.require("canedge").resolve("LOG").resolve(relative);
      String[] p = relative.split("/");
      return new Log(file, p[0], p[1], relative);
    }
  }

  @Test
  void awscli() throws Exception {
    Path aws = tool("/usr/bin/aws", "awscli");
    Log log = Log.of("2F6913DB/00000015/00000003-628B9118.MF4");
    Path home = Files.createDirectories(dir.resolve("aws-home"));
    Files.writeString(
        home.resolve("config"), "[default]\nregion = us-east-1\ns3 =\n  addressing_style = path\n");
    Map<String, String> env =
        Map.of(
            "AWS_CONFIG_FILE",
            home.resolve("config").toString(),
            "AWS_SHARED_CREDENTIALS_FILE",
            home.resolve("none").toString(),
            "AWS_ACCESS_KEY_ID",
            S3Gateway.ADMIN_KEY,
            "AWS_SECRET_ACCESS_KEY",
            S3Gateway.ADMIN_SECRET);
    String url = "--endpoint-url=" + gateway.endpoint();
    String s3url = "s3://" + S3Gateway.BUCKET + "/";
    run(env, aws.toString(), url, "s3", "cp", log.file().toString(), s3url + log.key());
    String listing =
        run(env, aws.toString(), url, "s3", "ls", "--recursive", s3url + log.device() + "/");
    assertTrue(listing.contains(log.key()), listing);
    Path got = dir.resolve("aws-config.json");
    run(env, aws.toString(), url, "s3", "cp", s3url + config(log.device()), got.toString());
    checkConfigAndLog(log, got);
  }

  @Test
  void rclone() throws Exception {
    Path rclone = tool("/usr/bin/rclone", "rclone");
    Log log = Log.of("C6C7825E/00001234/00000001-6069FBEB.MFC");
    Path conf = dir.resolve("rclone.conf");
    Files.writeString(
        conf,
        "[gw]\ntype = s3\nprovider = Other\naccess_key_id = "
            + S3Gateway.ADMIN_KEY
            + "\nsecret_access_key = "
            + S3Gateway.ADMIN_SECRET
            + "\nendpoint = "
            + gateway.endpoint()
            + "\nregion = us-east-1\nforce_path_style = true\n");
    Map<String, String> env = Map.of("RCLONE_CONFIG", conf.toString());
    String remote = "gw:" + S3Gateway.BUCKET + "/";
    run(env, rclone.toString(), "copyto", log.file().toString(), remote + log.key());
    String listing = run(env, rclone.toString(), "lsf", "-R", remote + log.device() + "/");
    assertTrue(listing.contains(log.session() + "/" + log.file().getFileName()), listing);
    Path got = dir.resolve("rclone-config.json");
    run(env, rclone.toString(), "copyto", remote + config(log.device()), got.toString());
    checkConfigAndLog(log, got);
  }

  @Test
  void s3cmd() throws Exception {
    Path s3cmd = tool("/usr/bin/s3cmd", "s3cmd");
    Log log = Log.of("94C49784/00000005/00000017-6099D010.MF4");
    String hostPort = gateway.endpoint().substring("http://".length());
    Path cfg = dir.resolve("s3cmd.cfg");
    Files.writeString(
        cfg,
        "[default]\naccess_key = "
            + S3Gateway.ADMIN_KEY
            + "\nsecret_key = "
            + S3Gateway.ADMIN_SECRET
            + "\nhost_base = "
            + hostPort
            + "\nhost_bucket = "
            + hostPort
            + "\nuse_https = False\nsignature_v2 = False\nbucket_location = us-east-1\n");
    Map<String, String> env = Map.of();
    String s3url = "s3://" + S3Gateway.BUCKET + "/";
    String c = "--config=" + cfg;
    run(env, s3cmd.toString(), c, "put", log.file().toString(), s3url + log.key());
    String listing = run(env, s3cmd.toString(), c, "ls", "--recursive", s3url + log.device() + "/");
    assertTrue(listing.contains(log.key()), listing);
    Path got = dir.resolve("s3cmd-config.json");
    run(env, s3cmd.toString(), c, "get", s3url + config(log.device()), got.toString());
    checkConfigAndLog(log, got);
  }

  @Test
  void boto3() throws Exception {
    Path python = tool("/usr/bin/python3", "python3");
    Assumptions.assumeTrue(
        exitCode(python.toString(), "-c", "import boto3") == 0,
        "python3-boto3 not installed (apt-get install python3-boto3; .ci/run installs it)");
    Log log = Log.of("FCBF0606/00003482/00000001-60B621D9.MF4");
    Path got = dir.resolve("boto3-config.json");
    String script =
        String.join(
            "\n",
            "import sys, boto3",
            "from botocore.config import Config",
            "endpoint, key, secret, bucket, file, log_key, prefix, config_key, out = sys.argv[1:]",
            "s3 = boto3.client('s3', endpoint_url=endpoint, aws_access_key_id=key,",
            "    aws_secret_access_key=secret, region_name='us-east-1',",
            "    config=Config(s3={'addressing_style': 'path'}))",
            "s3.upload_file(file, bucket, log_key)",
            "for o in s3.list_objects_v2(Bucket=bucket, Prefix=prefix).get('Contents', []):",
            "    print(o['Key'], o['Size'])",
            "s3.download_file(bucket, config_key, out)");
    String listing =
        run(
            Map.of(),
            python.toString(),
            "-c",
            script,
            gateway.endpoint(),
            S3Gateway.ADMIN_KEY,
            S3Gateway.ADMIN_SECRET,
            S3Gateway.BUCKET,
            log.file().toString(),
            log.key(),
            log.device() + "/",
            config(log.device()),
            got.toString());
    assertTrue(listing.contains(log.key() + " " + Files.size(log.file())), listing);
    checkConfigAndLog(log, got);
  }

  /**
   * Puts the device's configuration file with the SDK (as an engineer would) before the tool
   * downloads it, and returns its key.
   */
  private static String config(String device) throws IOException {
    Path css =
        SharedData.require("canedge").resolve("device-meta/config-defaults/ce2-01.08-default.json");
    String key = device + "/config-01.08.json";
    try (var s3 = gateway.admin()) {
      s3.putObject(b -> b.bucket(S3Gateway.BUCKET).key(key), RequestBody.fromFile(css));
    }
    return key;
  }

  /** The downloaded configuration is the one stored; the uploaded log was decoded and stored. */
  private static void checkConfigAndLog(Log log, Path downloaded) throws Exception {
    Path css =
        SharedData.require("canedge").resolve("device-meta/config-defaults/ce2-01.08-default.json");
    assertArrayEquals(Files.readAllBytes(css), Files.readAllBytes(downloaded));
    List<Upload> uploads =
        gateway.awaitStored(log.device(), log.session(), 1, Duration.ofSeconds(120));
    assertEquals(1, uploads.size(), uploads.toString());
    assertTrue(S3Gateway.stored(uploads.getFirst()), uploads.toString());
    assertEquals(Files.size(log.file()), uploads.getFirst().bytes());
  }

  private static Path tool(String path, String pkg) {
    Path p = Path.of(path);
    Assumptions.assumeTrue(
        Files.isExecutable(p), path + " not installed (apt-get install " + pkg + "; .ci/run does)");
    return p;
  }

  /**
   * Runs a tool (bounded, HOME in the test's directory) and returns its output; fails on exit != 0.
   */
  private static String run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Path home = Files.createDirectories(dir.resolve("home"));
    pb.environment().put("HOME", home.toString());
    // the clients talk plain HTTP to loopback: no AWS profile or CA bundle of the machine applies
    // (rclone refuses to start with AWS_CA_BUNDLE set and no TLS)
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + List.of(command));
    String text = new String(out, StandardCharsets.UTF_8);
    assertEquals(0, p.exitValue(), String.join(" ", redacted(command)) + "\n" + text);
    return text;
  }

  private static List<String> redacted(String[] command) {
    List<String> out = new ArrayList<>();
    for (String c : command) {
      out.add(c.replace(S3Gateway.ADMIN_SECRET, "***"));
    }
    return out;
  }

  private static int exitCode(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    return p.waitFor(60, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
