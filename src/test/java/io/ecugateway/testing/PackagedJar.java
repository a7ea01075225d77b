package io.ecugateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar target/ecu-gateway.jar <args>} started the way a user starts it: a chosen
 * working directory, the user's {@code java} (or a chosen one), {@code ECUGW_*} variables as typed
 * in a shell, no test classpath. The console output (stdout and stderr merged, as a terminal shows
 * them) is captured line by line. Used by the {@code *IT} classes that failsafe runs after {@code
 * package}; {@link #close()} stops the process tree (the jar's launcher may have started a second
 * JVM).
 */
public final class PackagedJar implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private PackagedJar(Process process) {
    this.process = process;
    this.reader = Thread.ofPlatform().daemon().name("packaged-jar-output").start(this::readOutput);
  }

  /** The jar {@code mvn package} built (failsafe passes its path as {@code packaged.jar}). */
  public static Path jar() {
    Path jar =
        Path.of(System.getProperty("packaged.jar", "target/ecu-gateway.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " does not exist: run `mvn package` (or `verify`)");
    }
    return jar;
  }

  /**
   * The {@code java} a user's shell finds on PATH (on this machine Java 17: the jar relaunches).
   */
  public static String userJava() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path java = Path.of(dir.isEmpty() ? "." : dir, "java");
      if (Files.isExecutable(java)) {
        return java.toString();
      }
    }
    return testJava();
  }

  /** The Java running the tests (JDK >= 21: the jar runs in-process, no relaunch). */
  public static String testJava() {
    return ProcessHandle.current().info().command().orElseThrow();
  }

  /** A port free at the time of the call, on loopback. */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts {@code java -jar <jar> <args>} in {@code workDir}. */
  public static Builder in(Path workDir) {
    return new Builder(workDir);
  }

  /** What to start. */
  public static final class Builder {
    private final Path workDir;
    private final Map<String, String> env = new HashMap<>();
    private final List<String> jvmOptions = new ArrayList<>();
    private final List<String> wrapper = new ArrayList<>();
    private String java = userJava();

    private Builder(Path workDir) {
      this.workDir = workDir;
    }

    public Builder java(String javaExecutable) {
      this.java = javaExecutable;
      return this;
    }

    /** An environment variable, e.g. {@code env("ECUGW_HTTP_PORT", "18080")}. */
    public Builder env(String name, String value) {
      env.put(name, value);
      return this;
    }

    /** An option before {@code -jar}, e.g. {@code -Xmx512m}. */
    public Builder jvmOption(String option) {
      jvmOptions.add(option);
      return this;
    }

    /** A command that starts {@code java}, e.g. {@code setpriv --reuid=65534 ...}. */
    public Builder wrapper(List<String> command) {
      wrapper.addAll(command);
      return this;
    }

    public PackagedJar start(String... args) throws IOException {
      List<String> command = new ArrayList<>(wrapper);
      command.add(java);
      command.addAll(jvmOptions);
      command.add("-jar");
      command.add(jar().toString());
      command.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
      pb.redirectErrorStream(true);
      // The user's environment, not the build's: no gateway or QuestDB settings leak in.
      pb.environment().keySet().removeIf(k -> k.startsWith("ECUGW_") || k.startsWith("QDB_"));
      pb.environment().putAll(env);
      return new PackagedJar(pb.start());
    }
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process went away: the lines read so far are what it printed
    }
  }

  /** Every line printed so far. */
  public List<String> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }

  /**
   * Waits for the first line matching {@code regex} (searched, not fully matched).
   *
   * @throws AssertionError with the output so far if none comes in time or the process ends
   */
  public Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
    Pattern p = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    int seen = 0;
    synchronized (lines) {
      while (true) {
        for (; seen < lines.size(); seen++) {
          Matcher m = p.matcher(lines.get(seen));
          if (m.find()) {
            return m;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError(
              "no line matching /" + regex + "/ within " + timeout + "; output:\n" + output());
        }
        lines.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200));
      }
    }
  }

  /** Waits until {@code port} on 127.0.0.1 accepts connections. */
  public void awaitPort(int port, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the jar exited (" + process.exitValue() + "):\n" + output());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException e) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError("port " + port + " not open within " + timeout + ":\n" + output());
  }

  /** Waits for the process to end by itself; returns its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /** The output so far, one string. */
  public String output() {
    return String.join("\n", lines());
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Graceful stop (SIGTERM, as Ctrl-C or a service manager would), bounded; then SIGKILL to the
   * whole tree.
   */
  @Override
  public void close() throws InterruptedException {
    List<ProcessHandle> tree = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(40, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    for (ProcessHandle child : tree) {
      if (child.isAlive()) {
        child.destroyForcibly();
      }
    }
    reader.join(5000);
  }
}
