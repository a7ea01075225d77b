package io.ecugateway.app;

import static io.ecugateway.app.DeploymentFiles.COMPOSE;
import static io.ecugateway.app.DeploymentFiles.DOCKER;
import static io.ecugateway.app.DeploymentFiles.K8S;
import static io.ecugateway.app.DeploymentFiles.PROVISIONING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.app.DeploymentFiles.Instruction;
import io.ecugateway.catalog.DbcCatalog;
import io.ecugateway.config.GatewayConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment files cannot run here (no Docker engine, no Kubernetes, no Grafana), so this
 * checks what they promise against the real gateway: every path, port, variable name and credential
 * they use is the one the gateway's {@link ConfigLoader} ends up with, and the pieces refer to each
 * other consistently (compose service ↔ datasource host, Dockerfile volumes ↔ compose mounts, k8s
 * mounts ↔ config paths). The dashboard's SQL is run for real in {@link GrafanaQueriesTest}.
 */
class DeploymentFilesTest {
  private static final String TOKEN = "deployment-test-token";
  private static final String PG_PASSWORD = "deployment-test-pg-admin";
  private static final String RO_PASSWORD = "deployment-test-pg-readonly";

  /** What the compose header tells the user to export. */
  private static final Map<String, String> HOST_ENV =
      Map.of(
          "ECUGW_TOKEN", TOKEN,
          "ECUGW_PG_PASSWORD", PG_PASSWORD,
          "ECUGW_PG_READONLY_PASSWORD", RO_PASSWORD);

  /** Variables the gateway reads: {@code ECUGW_} + every config key, and {@code ECUGW_CONFIG}. */
  private static Set<String> gatewayVariables() {
    Set<String> names = new HashSet<>();
    for (String key : ConfigLoader.keys()) {
      names.add(ConfigLoader.envName(key));
    }
    names.add(ConfigLoader.ENV_PREFIX + "CONFIG");
    return names;
  }

  /** Every variable is one the gateway, the JVM or the embedded QuestDB ({@code QDB_*}) reads. */
  private static void assertRealVariables(Map<String, String> env, String where) {
    Set<String> known = gatewayVariables();
    for (String name : env.keySet()) {
      boolean ok =
          name.startsWith(ConfigLoader.ENV_PREFIX)
              ? known.contains(name)
              : name.equals("JAVA_TOOL_OPTIONS") || name.startsWith("QDB_");
      assertTrue(ok, where + ": " + name + " is not a variable the gateway reads");
    }
  }

  private static int javaFeature(String image) {
    Matcher m = Pattern.compile("(?:temurin|openjdk|jdk|jre|java)[-:]?(\\d+)").matcher(image);
    assertTrue(m.find(), "cannot tell the Java version of base image " + image);
    return Integer.parseInt(m.group(1));
  }

  private static String pomProperty(String tag) throws IOException {
    Matcher m =
        Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">")
            .matcher(Files.readString(Path.of("pom.xml")));
    assertTrue(m.find(), "pom.xml has no <" + tag + ">");
    return m.group(1).strip();
  }

  /** ENTRYPOINT (exec form) of the image. */
  private static List<String> entrypoint() throws IOException {
    List<Instruction> e = DeploymentFiles.finalStage("ENTRYPOINT");
    assertEquals(1, e.size(), "one ENTRYPOINT");
    return e.getFirst().execForm();
  }

  /**
   * The repository file a final-stage COPY puts at {@code destination} (from the build context).
   */
  private static Path copiedFrom(String destination) throws IOException {
    for (Instruction i : DeploymentFiles.finalStage("COPY")) {
      List<String> w = DeploymentFiles.words(i.args());
      if (w.getFirst().startsWith("--")) {
        continue; // from another stage
      }
      if (w.getLast().equals(destination)) {
        return Path.of(w.getFirst());
      }
    }
    return null;
  }

  /** The config file the image runs with, as it is in the repository. */
  private static Path imageConfigSource() throws IOException {
    String config = DeploymentFiles.flagValue(entrypoint(), "--config");
    assertNotNull(config, "ENTRYPOINT passes --config: " + entrypoint());
    Path source = copiedFrom(config);
    assertNotNull(source, "the Dockerfile copies a file to " + config);
    assertTrue(Files.isRegularFile(source), source + " exists in the build context");
    return source;
  }

  /** docker-compose.yml as {@code docker compose} sees it with the header's variables set. */
  private static JsonNode compose() throws IOException {
    return DeploymentFiles.compose(HOST_ENV);
  }

  private static Map<String, String> composeEnv(JsonNode service) {
    return DeploymentFiles.serviceEnv(service);
  }

  /** The gateway's configuration inside the compose service: image file + image ENV + compose. */
  private static GatewayConfig composeGatewayConfig() throws IOException {
    Map<String, String> env = new HashMap<>(DeploymentFiles.dockerfileEnv());
    env.putAll(composeEnv(compose().path("services").path("gateway")));
    return ConfigLoader.load(imageConfigSource(), env::get);
  }

  /** Container paths of a compose service's volumes ("source:target[:mode]"). */
  private static Map<String, String> composeVolumes(JsonNode service) {
    Map<String, String> targetToSource = new LinkedHashMap<>();
    for (JsonNode v : service.path("volumes")) {
      String[] parts = v.asText().split(":");
      assertTrue(parts.length >= 2, "volume " + v);
      targetToSource.put(parts[1], parts[0]);
    }
    return targetToSource;
  }

  /** Container ports a compose service publishes ("host:container"). */
  private static Map<Integer, Integer> publishedPorts(JsonNode service) {
    Map<Integer, Integer> containerToHost = new HashMap<>();
    for (JsonNode p : service.path("ports")) {
      String[] parts = p.asText().split(":");
      containerToHost.put(
          Integer.parseInt(parts[parts.length - 1]), Integer.parseInt(parts[parts.length - 2]));
    }
    return containerToHost;
  }

  // ---------------------------------------------------------------- Dockerfile

  @Test
  void dockerfileBuildsTheJarOnAJdkThePomAcceptsAndRunsServe() throws Exception {
    List<Instruction> all = DeploymentFiles.dockerfile();
    int minJava = Math.max(21, Integer.parseInt(pomProperty("maven.compiler.release")));
    minJava = Math.max(minJava, Integer.parseInt(pomProperty("jdk.min")));
    Map<String, Integer> stageOfAlias = new HashMap<>();
    Map<Integer, String> workdir = new HashMap<>();
    for (Instruction i : all) {
      if (i.keyword().equals("FROM")) {
        List<String> w = DeploymentFiles.words(i.args());
        assertTrue(
            javaFeature(w.getFirst()) >= minJava, "base image " + w.getFirst() + " < " + minJava);
        if (w.size() == 3 && w.get(1).equalsIgnoreCase("AS")) {
          stageOfAlias.put(w.get(2), i.stage());
        }
      } else if (i.keyword().equals("WORKDIR")) {
        workdir.put(i.stage(), i.args());
      }
    }
    // The build stage gets what the Maven build reads and runs the package phase.
    Instruction copyJar =
        DeploymentFiles.finalStage("COPY").stream()
            .filter(i -> i.args().startsWith("--from="))
            .findFirst()
            .orElseThrow(() -> new AssertionError("the jar is copied from a build stage"));
    List<String> w = DeploymentFiles.words(copyJar.args());
    int buildStage = stageOfAlias.get(w.get(0).substring("--from=".length()));
    String jar = pomProperty("finalName") + ".jar";
    assertEquals(workdir.get(buildStage) + "/target/" + jar, w.get(1), "jar built by Maven");
    Set<String> copiedIntoBuild = new HashSet<>();
    boolean packages = false;
    for (Instruction i : all) {
      if (i.stage() == buildStage && i.keyword().equals("COPY")) {
        copiedIntoBuild.add(DeploymentFiles.words(i.args()).getFirst());
      }
      if (i.stage() == buildStage && i.keyword().equals("RUN") && i.args().contains("package")) {
        packages = i.args().startsWith("mvn");
      }
    }
    assertTrue(copiedIntoBuild.containsAll(List.of("pom.xml", "src")), copiedIntoBuild.toString());
    assertTrue(packages, "the build stage runs mvn ... package");
    // java -jar <that jar> serve --config <the shipped config>
    List<String> entry = entrypoint();
    assertEquals(List.of("java", "-jar", w.get(2)), entry.subList(0, 3));
    assertEquals("serve", entry.get(3), "the container runs the gateway service");
    assertEquals(Path.of("config", "gateway.yaml"), imageConfigSource());
  }

  @Test
  void dockerfileExposesVolumesAndChecksHealthWhereTheGatewayListens() throws Exception {
    Map<String, String> env = new HashMap<>(DeploymentFiles.dockerfileEnv());
    assertRealVariables(env, "Dockerfile ENV");
    env.put("ECUGW_AUTH_TOKENS", TOKEN);
    GatewayConfig c = ConfigLoader.load(imageConfigSource(), env::get);
    Set<String> exposed = new HashSet<>();
    DeploymentFiles.finalStage("EXPOSE")
        .forEach(i -> exposed.addAll(DeploymentFiles.words(i.args())));
    assertTrue(exposed.contains(Integer.toString(c.http().port())), "EXPOSE " + exposed);
    assertTrue(
        exposed.contains(Integer.toString(c.storage().questdb().pgPort())), "EXPOSE " + exposed);
    List<String> volumes = new ArrayList<>();
    for (Instruction i : DeploymentFiles.finalStage("VOLUME")) {
      i.execForm().forEach(volumes::add);
    }
    assertTrue(volumes.contains(c.storage().dataDir()), "VOLUME " + volumes + " has dataDir");
    assertTrue(volumes.contains(c.decode().dbcDir()), "VOLUME " + volumes + " has dbcDir");
    List<Instruction> health = DeploymentFiles.finalStage("HEALTHCHECK");
    assertEquals(1, health.size());
    assertTrue(
        health.getFirst().args().contains("/" + c.http().port()) // bash /dev/tcp/host/port
            && health.getFirst().args().contains("/health"),
        health.getFirst().args());
    List<Instruction> user = DeploymentFiles.finalStage("USER");
    assertEquals(1, user.size());
    assertFalse(List.of("root", "0").contains(user.getFirst().args()), "runs as non-root");
  }

  /** Docker's .dockerignore matching, for the patterns used here: names and {@code **}/names. */
  private static boolean ignored(List<String> patterns, String path) {
    List<String> segments = List.of(path.split("/"));
    for (String p : patterns) {
      if (p.startsWith("**/") ? segments.contains(p.substring(3)) : segments.getFirst().equals(p)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void buildContextHoldsTheSourcesButNotLocalBuildOutputOrData() throws Exception {
    List<String> patterns =
        Files.readAllLines(Path.of(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .toList();
    for (String p : patterns) {
      assertTrue(p.matches("(\\*\\*/)?[\\w.-]+"), "pattern not modelled by this test: " + p);
    }
    for (Instruction i : DeploymentFiles.dockerfile()) {
      List<String> w = DeploymentFiles.words(i.args());
      if (i.keyword().equals("COPY") && !w.getFirst().startsWith("--from")) {
        for (String source : w.subList(0, w.size() - 1)) {
          assertFalse(ignored(patterns, source), source + " is copied but .dockerignore drops it");
          assertTrue(Files.exists(Path.of(source)), source + " exists in the build context");
        }
      }
    }
    // A local target/ecu-gateway.jar or data/ store must never end up in (or slow down) a build.
    assertTrue(ignored(patterns, "target/ecu-gateway.jar"));
    assertTrue(ignored(patterns, "data/questdb"));
    assertTrue(ignored(patterns, "src/main/frontend/node_modules/x"));
  }

  /** JAVA_TOOL_OPTIONS of the image and the pod are options a JVM (>= 21) really accepts. */
  @Test
  void javaToolOptionsAreAcceptedByARealJvm() throws Exception {
    List<String> values = new ArrayList<>();
    values.add(DeploymentFiles.dockerfileEnv().get("JAVA_TOOL_OPTIONS"));
    for (JsonNode e : container(k8sByKind()).path("env")) {
      if (e.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
        values.add(e.path("value").asText());
      }
    }
    assertTrue(Runtime.version().feature() >= 21, "tests run on a JDK >= 21");
    for (String options : values) {
      assertNotNull(options, "JAVA_TOOL_OPTIONS set");
      ProcessBuilder pb =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
              .redirectErrorStream(true);
      pb.environment().put("JAVA_TOOL_OPTIONS", options);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes());
      assertEquals(0, p.waitFor(), options + ":\n" + out);
      assertTrue(out.contains("Picked up JAVA_TOOL_OPTIONS: " + options), out);
    }
  }

  // ---------------------------------------------------------------- docker compose

  @Test
  void composeBuildsTheGatewayFromTheDockerfileAndRunsGrafanaNextToIt() throws Exception {
    JsonNode services = compose().path("services");
    assertTrue(services.has("gateway") && services.has("grafana"), services.toString());
    JsonNode build = services.path("gateway").path("build");
    Path context = DOCKER.resolve(build.path("context").asText()).normalize();
    assertEquals(
        DeploymentFiles.DOCKERFILE.toAbsolutePath().normalize(),
        context.resolve(build.path("dockerfile").asText()).toAbsolutePath().normalize());
    assertTrue(Files.isRegularFile(context.resolve("pom.xml")), "context is the repository root");
    assertFalse(services.path("gateway").has("command"), "the image's ENTRYPOINT is what runs");
    assertFalse(services.path("gateway").has("entrypoint"));
    assertTrue(
        services.path("grafana").path("image").asText().startsWith("grafana/grafana"),
        services.path("grafana").toString());
    List<String> dependsOn = new ArrayList<>();
    JsonNode d = services.path("grafana").path("depends_on");
    if (d.isArray()) {
      d.forEach(n -> dependsOn.add(n.asText()));
    } else {
      d.fieldNames().forEachRemaining(dependsOn::add);
    }
    assertEquals(List.of("gateway"), dependsOn);
    assertEquals(3000, publishedPorts(services.path("grafana")).get(3000), "Grafana on :3000");
  }

  @Test
  void composeRequiresATokenAndThePgWirePasswords() throws Exception {
    for (String name : HOST_ENV.keySet()) {
      Map<String, String> without = new HashMap<>(HOST_ENV);
      without.remove(name);
      IllegalArgumentException e =
          org.junit.jupiter.api.Assertions.assertThrows(
              IllegalArgumentException.class, () -> DeploymentFiles.compose(without));
      assertTrue(e.getMessage().contains(name), e.getMessage());
    }
    // The header's instructions export exactly these.
    String header = Files.readString(COMPOSE);
    for (String name : HOST_ENV.keySet()) {
      assertTrue(header.contains(name + "=$(openssl rand -hex 16)"), "header sets " + name);
    }
  }

  @Test
  void composeEnvironmentIsRealGatewayConfigurationAndMatchesItsMountsAndPorts() throws Exception {
    JsonNode gateway = compose().path("services").path("gateway");
    assertRealVariables(composeEnv(gateway), "compose gateway environment");
    GatewayConfig c = composeGatewayConfig();
    assertEquals(List.of(TOKEN), c.auth().tokens(), "the token reaches auth.tokens");
    assertFalse(GatewayConfig.isLoopback(c.bindHost()), "HTTP reachable through the port map");
    assertFalse(
        GatewayConfig.isLoopback(c.storage().questdb().pgHost()),
        "QuestDB PG wire reachable from the Grafana container");
    // Off loopback the PG-wire passwords are the user's, never the defaults.
    assertEquals(PG_PASSWORD, c.storage().questdb().pgPassword());
    assertEquals(RO_PASSWORD, c.storage().questdb().readOnlyPassword());
    assertFalse(publishedPorts(gateway).containsKey(c.storage().questdb().pgPort()), "PG wire");
    assertEquals(
        c.http().port(), publishedPorts(gateway).get(c.http().port()), "HTTP port published");
    Map<String, String> volumes = composeVolumes(gateway);
    assertTrue(volumes.containsKey(c.storage().dataDir()), "dataDir is a volume: " + volumes);
    assertTrue(
        compose().path("volumes").has(volumes.get(c.storage().dataDir())),
        "dataDir is a named volume (kept across container rebuilds)");
    String dbcSource = volumes.get(c.decode().dbcDir());
    assertNotNull(dbcSource, "dbcDir is mounted: " + volumes);
    assertTrue(Files.isDirectory(DOCKER.resolve(dbcSource)), "DBC directory " + dbcSource);
  }

  // ---------------------------------------------------------------- Grafana provisioning

  @Test
  void datasourceIsPostgresTypeOnTheGatewaysQuestDbAsItsReadOnlyUser() throws Exception {
    JsonNode ds = DeploymentFiles.composeDatasource(HOST_ENV);
    GatewayConfig c = composeGatewayConfig();
    assertTrue(
        List.of("grafana-postgresql-datasource", "postgres").contains(ds.path("type").asText()),
        ds.path("type").asText());
    String[] hostPort = ds.path("url").asText().split(":");
    assertEquals(2, hostPort.length, "url is host:port: " + ds.path("url"));
    assertTrue(compose().path("services").has(hostPort[0]), "host is a compose service");
    assertTrue(
        compose().path("services").path(hostPort[0]).has("build"),
        "host is the service built from the gateway's Dockerfile");
    assertEquals(c.storage().questdb().pgPort(), Integer.parseInt(hostPort[1]));
    assertEquals("qdb", ds.path("jsonData").path("database").asText());
    assertTrue(c.storage().questdb().readOnlyEnabled());
    assertEquals(c.storage().questdb().readOnlyUser(), ds.path("user").asText());
    assertEquals(
        c.storage().questdb().readOnlyPassword(),
        ds.path("secureJsonData").path("password").asText());
    assertFalse(ds.path("user").asText().equals(c.storage().questdb().pgUser()), "not the admin");
    assertEquals("disable", ds.path("jsonData").path("sslmode").asText(), "QuestDB has no TLS");
  }

  @Test
  void dashboardProviderReadsTheDirectoryComposeMounts() throws Exception {
    Map<String, String> mounts = composeVolumes(compose().path("services").path("grafana"));
    List<Path> providers = DeploymentFiles.list(PROVISIONING.resolve("dashboards"), ".yaml");
    assertEquals(1, providers.size(), providers.toString());
    JsonNode provider = DeploymentFiles.yaml(providers.getFirst()).path("providers").get(0);
    assertEquals("file", provider.path("type").asText());
    String path = provider.path("options").path("path").asText();
    // Map the container path back to the repository through the grafana service's mounts.
    Path onHost = null;
    for (Map.Entry<String, String> m : mounts.entrySet()) {
      if (path.equals(m.getKey()) || path.startsWith(m.getKey() + "/")) {
        onHost =
            DOCKER
                .resolve(m.getValue())
                .resolve(path.substring(m.getKey().length()).replaceFirst("^/", ""));
      }
    }
    assertNotNull(onHost, path + " is not inside a mounted directory " + mounts);
    assertEquals(
        PROVISIONING.resolve("dashboards").toAbsolutePath().normalize(),
        onHost.toAbsolutePath().normalize());
    assertTrue(
        mounts.containsKey("/etc/grafana/provisioning"),
        "Grafana reads provisioning from /etc/grafana/provisioning: " + mounts);
    assertEquals(
        PROVISIONING.toAbsolutePath().normalize(),
        DOCKER.resolve(mounts.get("/etc/grafana/provisioning")).toAbsolutePath().normalize());
  }

  @Test
  void dashboardsUseTheProvisionedDatasourceEverywhere() throws Exception {
    JsonNode ds = DeploymentFiles.composeDatasource(HOST_ENV);
    Map<String, JsonNode> dashboards = DeploymentFiles.dashboards();
    assertFalse(dashboards.isEmpty());
    for (Map.Entry<String, JsonNode> d : dashboards.entrySet()) {
      List<JsonNode> refs = new ArrayList<>();
      d.getValue().path("templating").path("list").forEach(v -> refs.add(v.path("datasource")));
      for (JsonNode panel : d.getValue().path("panels")) {
        refs.add(panel.path("datasource"));
        panel.path("targets").forEach(t -> refs.add(t.path("datasource")));
      }
      assertTrue(refs.size() >= 2, d.getKey());
      for (JsonNode ref : refs) {
        assertEquals(ds.path("uid").asText(), ref.path("uid").asText(), d.getKey() + ": " + ref);
        assertEquals(ds.path("type").asText(), ref.path("type").asText(), d.getKey() + ": " + ref);
      }
    }
  }

  // ---------------------------------------------------------------- Kubernetes

  private static Map<String, JsonNode> k8sByKind() throws IOException {
    Map<String, JsonNode> byKind = new LinkedHashMap<>();
    for (JsonNode doc : DeploymentFiles.yamlDocuments(K8S)) {
      assertNull(byKind.put(doc.path("kind").asText(), doc), "one " + doc.path("kind"));
    }
    return byKind;
  }

  private static JsonNode container(Map<String, JsonNode> k8s) {
    JsonNode containers = k8s.get("Deployment").path("spec").path("template").path("spec");
    assertEquals(1, containers.path("containers").size());
    return containers.path("containers").get(0);
  }

  private static Map<String, Integer> containerPorts(JsonNode container) {
    Map<String, Integer> ports = new HashMap<>();
    container
        .path("ports")
        .forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
    return ports;
  }

  /** Volume name → mount path of the container. */
  private static Map<String, String> mounts(JsonNode container) {
    Map<String, String> m = new HashMap<>();
    container
        .path("volumeMounts")
        .forEach(v -> m.put(v.path("name").asText(), v.path("mountPath").asText()));
    return m;
  }

  /** Volume name → the volume definition of the pod. */
  private static Map<String, JsonNode> podVolumes(Map<String, JsonNode> k8s) {
    Map<String, JsonNode> m = new HashMap<>();
    k8s.get("Deployment")
        .path("spec")
        .path("template")
        .path("spec")
        .path("volumes")
        .forEach(v -> m.put(v.path("name").asText(), v));
    return m;
  }

  /** The mount path of the pod volume that satisfies {@code kind} (e.g. persistentVolumeClaim). */
  private static String mountOf(Map<String, JsonNode> k8s, String kind, String name) {
    Map<String, String> mounts = mounts(container(k8s));
    for (Map.Entry<String, JsonNode> v : podVolumes(k8s).entrySet()) {
      JsonNode src = v.getValue().path(kind);
      String ref =
          kind.equals("persistentVolumeClaim")
              ? src.path("claimName").asText()
              : src.path("name").asText();
      if (ref.equals(name)) {
        return mounts.get(v.getKey());
      }
    }
    return null;
  }

  /** The gateway's configuration in the pod: the ConfigMap's file + image ENV + pod env. */
  private static GatewayConfig k8sGatewayConfig(
      Map<String, JsonNode> k8s, Path dir, boolean withImageEnv) throws IOException {
    JsonNode c = container(k8s);
    List<String> args = new ArrayList<>(entrypoint());
    c.path("args").forEach(a -> args.add(a.asText()));
    assertFalse(c.has("command"), "the image's ENTRYPOINT runs");
    String configPath = DeploymentFiles.flagValue(args, "--config");
    Path p = Path.of(configPath);
    String mountDir = p.getParent().toString();
    String key = p.getFileName().toString();
    String configMap = k8s.get("ConfigMap").path("metadata").path("name").asText();
    assertEquals(
        mountDir, mountOf(k8s, "configMap", configMap), "ConfigMap mounted at " + mountDir);
    JsonNode data = k8s.get("ConfigMap").path("data").path(key);
    assertTrue(data.isTextual(), "ConfigMap " + configMap + " has the key " + key);
    Path file = dir.resolve(key);
    Files.writeString(file, data.asText());
    Map<String, String> env = new HashMap<>();
    if (withImageEnv) {
      env.putAll(DeploymentFiles.dockerfileEnv());
    }
    for (JsonNode e : c.path("env")) {
      String value =
          e.has("value")
              ? e.path("value").asText()
              : secretValue(e.path("valueFrom").path("secretKeyRef"));
      env.put(e.path("name").asText(), value);
    }
    assertRealVariables(env, "k8s container env");
    return ConfigLoader.load(file, env::get);
  }

  /**
   * The command in {@code text} starting with {@code start}, up to a line end not continued by a
   * backslash.
   */
  private static String shellCommand(String text, String start) {
    int from = text.indexOf(start);
    if (from < 0) {
      return null;
    }
    int end = from;
    do {
      end = text.indexOf('\n', end + 1);
    } while (end > 0 && text.charAt(end - 1) == '\\');
    return text.substring(from, end < 0 ? text.length() : end);
  }

  /** A stand-in for what a Secret holds: distinct per Secret and key. */
  private static String secretValue(JsonNode secretKeyRef) {
    return "secret-" + secretKeyRef.path("name").asText() + "-" + secretKeyRef.path("key").asText();
  }

  @Test
  void k8sHasEveryObjectAndTheirNamesAndLabelsMatch() throws Exception {
    Map<String, JsonNode> k8s = k8sByKind();
    assertTrue(
        k8s.keySet()
            .containsAll(List.of("ConfigMap", "PersistentVolumeClaim", "Deployment", "Service")),
        k8s.keySet().toString());
    String image = container(k8s).path("image").asText();
    if (!image.contains("/") || image.endsWith(":latest") || !image.contains(":")) {
      // Kubernetes pulls :latest (or untagged) images always: a locally built one is never found.
      assertEquals("IfNotPresent", container(k8s).path("imagePullPolicy").asText(), image);
    }
    JsonNode deployment = k8s.get("Deployment").path("spec");
    assertEquals(1, deployment.path("replicas").asInt(), "one writer per embedded store");
    assertEquals("Recreate", deployment.path("strategy").path("type").asText());
    JsonNode labels = deployment.path("template").path("metadata").path("labels");
    assertEquals(labels, deployment.path("selector").path("matchLabels"));
    assertEquals(labels, k8s.get("Service").path("spec").path("selector"));
    String pvc = k8s.get("PersistentVolumeClaim").path("metadata").path("name").asText();
    assertNotNull(mountOf(k8s, "persistentVolumeClaim", pvc), "PVC " + pvc + " mounted");
    // The DBC ConfigMap and token Secret are created by kubectl as the header says.
    String header = Files.readString(K8S);
    String dbcMap =
        podVolumes(k8s).values().stream()
            .map(v -> v.path("configMap").path("name").asText())
            .filter(
                n ->
                    !n.isEmpty()
                        && !n.equals(k8s.get("ConfigMap").path("metadata").path("name").asText()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("a ConfigMap volume for DBC files"));
    assertTrue(header.contains("kubectl create configmap " + dbcMap + " --from-file="), dbcMap);
    Map<String, JsonNode> secretRefs = new HashMap<>();
    for (JsonNode e : container(k8s).path("env")) {
      if (e.path("valueFrom").has("secretKeyRef")) {
        secretRefs.put(e.path("name").asText(), e.path("valueFrom").path("secretKeyRef"));
      }
    }
    assertEquals(
        Set.of(
            "ECUGW_AUTH_TOKENS",
            "ECUGW_STORAGE_QUESTDB_PG_PASSWORD",
            "ECUGW_STORAGE_QUESTDB_READ_ONLY_PASSWORD"),
        secretRefs.keySet(),
        "the token and the PG-wire passwords come from Secrets");
    for (JsonNode ref : secretRefs.values()) {
      String command =
          shellCommand(header, "kubectl create secret generic " + ref.path("name").asText() + " ");
      assertNotNull(command, "the header creates the Secret " + ref);
      assertTrue(
          command.contains("--from-literal=" + ref.path("key").asText() + "="),
          "the documented kubectl command creates the key the pod reads: " + ref);
    }
  }

  @Test
  void k8sProbesAndServiceUseTheGatewaysPorts(@TempDir Path dir) throws Exception {
    Map<String, JsonNode> k8s = k8sByKind();
    GatewayConfig c = k8sGatewayConfig(k8s, dir, true);
    JsonNode container = container(k8s);
    Map<String, Integer> ports = containerPorts(container);
    assertEquals(
        Set.of(c.http().port(), c.storage().questdb().pgPort()), Set.copyOf(ports.values()));
    Map<String, String> probes =
        Map.of("livenessProbe", "/health", "readinessProbe", "/ready", "startupProbe", "/health");
    for (Map.Entry<String, String> p : probes.entrySet()) {
      JsonNode get = container.path(p.getKey()).path("httpGet");
      assertEquals(p.getValue(), get.path("path").asText(), p.getKey());
      JsonNode port = get.path("port");
      int resolved = port.isInt() ? port.asInt() : ports.getOrDefault(port.asText(), -1);
      assertEquals(c.http().port(), resolved, p.getKey() + " port " + port);
    }
    for (JsonNode sp : k8s.get("Service").path("spec").path("ports")) {
      JsonNode target = sp.path("targetPort");
      int resolved = target.isInt() ? target.asInt() : ports.getOrDefault(target.asText(), -1);
      assertTrue(ports.containsValue(resolved), "Service targetPort " + target);
      assertEquals(resolved, sp.path("port").asInt(), "Service keeps the container's port number");
    }
    JsonNode annotations =
        k8s.get("Deployment").path("spec").path("template").path("metadata").path("annotations");
    assertEquals(
        Integer.toString(c.http().port()), annotations.path("prometheus.io/port").asText());
    assertEquals("/metrics", annotations.path("prometheus.io/path").asText());
    JsonNode pod = k8s.get("Deployment").path("spec").path("template").path("spec");
    assertTrue(
        pod.path("terminationGracePeriodSeconds").asInt() > c.shutdown().drainSeconds(),
        "Kubernetes waits longer than the gateway's drain");
  }

  @Test
  void k8sConfigMapLoadsAndItsDirectoriesAreTheMountedVolumes(@TempDir Path dir) throws Exception {
    Map<String, JsonNode> k8s = k8sByKind();
    // The ConfigMap alone must say where things are (the image's ENV must not be needed to fix it).
    for (boolean withImageEnv : new boolean[] {false, true}) {
      GatewayConfig c = k8sGatewayConfig(k8s, dir, withImageEnv);
      String pvc = k8s.get("PersistentVolumeClaim").path("metadata").path("name").asText();
      assertEquals(mountOf(k8s, "persistentVolumeClaim", pvc), c.storage().dataDir(), "dataDir");
      Map<String, String> mounts = mounts(container(k8s));
      assertTrue(
          mounts.containsValue(c.decode().dbcDir()), "dbcDir " + c.decode().dbcDir() + " mounted");
      assertEquals(
          List.of("secret-ecu-gateway-token-token"), c.auth().tokens(), "token from the Secret");
      assertFalse(GatewayConfig.isLoopback(c.bindHost()), "HTTP reachable by the Service");
      assertFalse(
          GatewayConfig.isLoopback(c.storage().questdb().pgHost()),
          "PG wire reachable by the Service (Grafana)");
      assertEquals("secret-ecu-gateway-pgwire-password", c.storage().questdb().pgPassword());
      assertEquals("grafana", c.storage().questdb().readOnlyUser());
      assertEquals(
          "secret-ecu-gateway-pgwire-readOnlyPassword", c.storage().questdb().readOnlyPassword());
    }
    String user = DeploymentFiles.finalStage("USER").getFirst().args();
    String uid = null;
    for (Instruction i : DeploymentFiles.finalStage("RUN")) {
      Matcher m =
          Pattern.compile("useradd .*--uid (\\d+) " + Pattern.quote(user)).matcher(i.args());
      if (m.find()) {
        uid = m.group(1);
      }
    }
    JsonNode security =
        k8s.get("Deployment").path("spec").path("template").path("spec").path("securityContext");
    assertEquals(uid, security.path("runAsUser").asText(), "pod runs as the image's user");
    assertEquals(uid, security.path("fsGroup").asText(), "the PVC is writable by that user");
  }

  /**
   * A ConfigMap volume holds each key as a symlink to {@code ..data/<key>}, {@code ..data} being a
   * symlink to a timestamped directory swapped on update: the catalog must read DBC files there.
   */
  @Test
  void dbcFilesInAConfigMapVolumeAreLoadedAndReloadedOnUpdate(@TempDir Path dir) throws Exception {
    configMapVersion(dir, "..2026_12_06_22_00_00.1", "Demo");
    Files.createSymbolicLink(dir.resolve("..data"), Path.of("..2026_12_06_22_00_00.1"));
    Files.createSymbolicLink(dir.resolve("can1-demo.dbc"), Path.of("..data", "can1-demo.dbc"));
    DbcCatalog catalog = new DbcCatalog(dir, List.of("*"), Map.of(), UnaryOperator.identity());
    assertEquals(List.of("can1-demo.dbc"), catalog.fileNames());
    assertEquals("Demo", catalog.dbc("can1-demo.dbc").messages().getFirst().name());
    // kubectl apply of a changed ConfigMap: the kubelet writes a new directory, then swaps ..data.
    configMapVersion(dir, "..2026_12_06_22_05_00.2", "DemoUpdated");
    Path tmp =
        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..2026_12_06_22_05_00.2"));
    Files.move(
        tmp,
        dir.resolve("..data"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    assertTrue(catalog.refresh(), "the update is seen");
    assertEquals(List.of("can1-demo.dbc"), catalog.fileNames());
    assertEquals("DemoUpdated", catalog.dbc("can1-demo.dbc").messages().getFirst().name());
  }

  private static void configMapVersion(Path dir, String version, String message)
      throws IOException {
    Path v = Files.createDirectories(dir.resolve(version));
    Files.writeString(
        v.resolve("can1-demo.dbc"),
        "VERSION \"\"\n\nBU_:\n\nBO_ 100 "
            + message
            + ": 8 Vector__XXX\n SG_ Speed : 0|16@1+ (0.1,0) [0|6553.5] \"km/h\" Vector__XXX\n");
  }

  // ---------------------------------------------------------------- docs/operations.md

  @Test
  void docsByHandDatasourceSettingsAreTheProvisionedOnes() throws Exception {
    String doc = Files.readString(Path.of("docs", "operations.md"));
    int from = doc.indexOf("\n## Grafana");
    assertTrue(from >= 0, "docs/operations.md has a Grafana section");
    String section = doc.substring(from, doc.indexOf("\n## ", from + 1));
    JsonNode ds = DeploymentFiles.composeDatasource(HOST_ENV);
    String port = ds.path("url").asText().split(":")[1];
    assertTrue(section.contains(":" + port + "`"), "docs name the PG-wire port " + port);
    assertTrue(
        section.contains("database\n`" + ds.path("jsonData").path("database").asText() + "`")
            || section.contains("database `" + ds.path("jsonData").path("database").asText() + "`"),
        "docs name the database");
    assertTrue(section.contains("user `" + ds.path("user").asText() + "`"), "docs name the user");
    assertTrue(section.contains("`storage.questdb.readOnlyPassword`"), "docs say which password");
    assertTrue(Files.isRegularFile(COMPOSE));
  }
}
