package io.ecugateway;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Entry point of the fat jar. Compiled for Java 17 so that {@code java -jar ecu-gateway.jar} works
 * with Debian's default JDK: on a JVM older than 21 it looks for a JDK >= 21 (JAVA_HOME, then
 * /usr/lib/jvm and other usual places) and re-executes the jar with it.
 */
public final class Launcher {
  static final int MIN_FEATURE = 21;

  /**
   * The JVM option that lets QuestDB and Netty use {@code sun.misc.Unsafe} memory access without
   * the JVM's start-up warnings (printed since Java 24; the option exists since Java 23). It can
   * only be given on the command line, so {@code serve} on Java 24+ starts the JVM again with it.
   */
  static final String UNSAFE_ACCESS_OPTION = "--sun-misc-unsafe-memory-access=allow";

  private static final String UNSAFE_ACCESS_PROPERTY = "sun.misc.unsafe.memory.access";
  private static final String MAIN = "io.ecugateway.app.Main";

  private Launcher() {}

  public static void main(String[] args) throws Exception {
    int feature = Runtime.version().feature();
    if (feature >= MIN_FEATURE) {
      Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
      if (needsUnsafeAccessOption(feature, args, System.getProperty(UNSAFE_ACCESS_PROPERTY))) {
        System.exit(reexec(java, feature, args, null));
      }
      // A JVM cannot map an ahead-of-time cache it was not started with: starting one more JVM
      // that maps it costs ~60 ms and saves a short command ~0.3 s (docs/performance.md).
      ClassArchive cache =
          feature >= ClassArchive.AOT_FEATURE ? classArchive(java, feature, args) : null;
      if (cache != null) {
        System.exit(reexec(java, feature, args, cache));
      }
      Class.forName(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
      return;
    }
    Optional<Path> java = findJava();
    if (java.isEmpty()) {
      System.err.println(
          "ecu-gateway needs Java "
              + MIN_FEATURE
              + " or newer; this is Java "
              + Runtime.version().feature()
              + " and no JDK >= "
              + MIN_FEATURE
              + " was found in JAVA_HOME, /usr/lib/jvm, /usr/java, /opt/java or ~/.sdkman."
              + " Install one (e.g. apt install openjdk-21-jdk-headless) or set JAVA_HOME.");
      System.exit(1);
    }
    int target = featureOf(java.get().getParent().getParent());
    System.exit(reexec(java.get(), target, args, classArchive(java.get(), target, args)));
  }

  /** The class cache for running {@code args} on {@code java}, or null (see ClassArchive). */
  private static ClassArchive classArchive(Path java, int feature, String[] args) {
    String environment =
        System.getenv().getOrDefault("JDK_JAVA_OPTIONS", "")
            + " "
            + System.getenv().getOrDefault("JAVA_TOOL_OPTIONS", "");
    return ClassArchive.forRun(
        jar(),
        java,
        feature,
        jvmOptions(),
        environment,
        args,
        System.getProperty(ClassArchive.PROPERTY),
        ProcessHandle.current().pid());
  }

  private static Path jar() {
    return Paths.get(Launcher.class.getProtectionDomain().getCodeSource().getLocation().getPath());
  }

  /**
   * True for the long-running {@code serve} and {@code import} (which runs the gateway) on a JVM
   * that would warn about {@code sun.misc.Unsafe} and was not started with an explicit choice
   * ({@code unsafeAccessSetting} non-null).
   */
  static boolean needsUnsafeAccessOption(int feature, String[] args, String unsafeAccessSetting) {
    return feature >= 24
        && args.length > 0
        && ("serve".equals(args[0]) || "import".equals(args[0]))
        && unsafeAccessSetting == null;
  }

  private static int reexec(Path java, int feature, String[] args, ClassArchive archive)
      throws IOException, InterruptedException {
    List<String> options = new ArrayList<>(jvmOptions());
    options.add("--enable-native-access=ALL-UNNAMED");
    if (feature >= 23 && !hasOptionNamed(options, UNSAFE_ACCESS_OPTION)) {
      options.add(UNSAFE_ACCESS_OPTION);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(options);
    if (archive != null) {
      cmd.addAll(archive.options());
    }
    cmd.add("-cp");
    cmd.add(jar().toString());
    cmd.add(MAIN);
    cmd.addAll(List.of(args));
    Process child = new ProcessBuilder(cmd).inheritIO().start();
    // Forward SIGTERM/SIGINT (graceful shutdown) to the real JVM and wait for it to drain.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (child.isAlive()) {
                    child.destroy();
                    try {
                      child.waitFor();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                }));
    int code = child.waitFor();
    if (archive != null) {
      String what = archive.finish(code, options);
      if (Boolean.getBoolean(ClassArchive.VERBOSE_PROPERTY)) {
        System.err.println("ecu-gateway: class cache " + archive.archive() + ": " + what);
      }
    }
    return code;
  }

  private static boolean hasOptionNamed(List<String> options, String option) {
    String name = option.substring(0, option.indexOf('=') + 1);
    for (String o : options) {
      if (o.startsWith(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The options the user gave this JVM, to pass on to the real one: on Linux the command line's
   * arguments before {@code -jar}, read from /proc (the management bean that lists them costs this
   * short-lived JVM ~25 ms). Options from JDK_JAVA_OPTIONS or JAVA_TOOL_OPTIONS are not among them,
   * which is right: the child JVM reads the same environment. Elsewhere, or when the jar was not
   * started with {@code -jar}, the management bean's list.
   */
  static List<String> jvmOptions() {
    try {
      List<String> options = optionsBeforeJar(Files.readAllBytes(Paths.get("/proc/self/cmdline")));
      if (options != null) {
        return options;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: ask the JVM
    }
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  /**
   * The arguments between the executable and {@code -jar} in a NUL-separated command line, or null
   * without {@code -jar}.
   */
  static List<String> optionsBeforeJar(byte[] cmdline) {
    List<String> args = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < cmdline.length; i++) {
      if (cmdline[i] == 0) {
        args.add(new String(cmdline, start, i - start));
        start = i + 1;
      }
    }
    if (start < cmdline.length) {
      args.add(new String(cmdline, start, cmdline.length - start));
    }
    int jar = args.indexOf("-jar");
    return jar < 1 ? null : List.copyOf(args.subList(1, jar));
  }

  static Optional<Path> findJava() {
    List<Path> homes = new ArrayList<>();
    String javaHome = System.getenv("JAVA_HOME");
    if (javaHome != null && !javaHome.isBlank()) {
      homes.add(Paths.get(javaHome));
    }
    String userHome = System.getProperty("user.home", "");
    for (String dir :
        new String[] {
          "/usr/lib/jvm", "/usr/java", "/opt/java", "/opt", userHome + "/.sdkman/candidates/java"
        }) {
      homes.addAll(children(Paths.get(dir)));
    }
    // plain loops: streams and lambdas would cost this short-lived JVM tens of milliseconds
    Path best = null;
    int bestFeature = MIN_FEATURE - 1;
    for (Path h : homes) {
      if (Files.isExecutable(h.resolve("bin/java"))) {
        int f = featureOf(h);
        if (f > bestFeature) {
          best = h;
          bestFeature = f;
        }
      }
    }
    return best == null ? Optional.empty() : Optional.of(best.resolve("bin/java"));
  }

  private static List<Path> children(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> l = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        l.add(p);
      }
    } catch (IOException e) {
      return List.of();
    }
    return l;
  }

  /** Reads JAVA_VERSION from the JDK's {@code release} file; 0 when unknown. */
  static int featureOf(Path home) {
    try {
      for (String line : Files.readAllLines(home.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          String first = v.split("[.+-]")[0];
          return "1".equals(first) ? Integer.parseInt(v.split("\\.")[1]) : Integer.parseInt(first);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
