package io.ecugateway.stream.ws;

import static io.ecugateway.stream.ws.LiveTestServer.eec1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in real headless Chromium (Debian's, via Playwright for Java): while a replay runs,
 * pick the device and a signal; the latest-value table and the chart follow the replayed values to
 * the last one. Screenshot: target/dashboard-live.png.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public class DashboardBrowserTest {
  @TempDir Path dir;

  /** Debian's Chromium, or a skip (a failure when CI=true) when it is absent. */
  public static Path chromium() {
    String env = System.getenv("ECU_TEST_CHROMIUM");
    Path p = Paths.get(env == null || env.isBlank() ? "/usr/bin/chromium" : env);
    if (!Files.isExecutable(p)) {
      if ("true".equals(System.getenv("CI"))) {
        fail("CI=true but no Chromium at " + p + " (.ci/run installs Debian's chromium)");
      }
      assumeTrue(
          false, "no Chromium at " + p + ": install Debian's chromium or set ECU_TEST_CHROMIUM");
    }
    return p;
  }

  @Test
  void liveChartAndTableFollowAReplay() throws Exception {
    Path chrome = chromium();
    // 300 EEC1 frames at 50 Hz (6 s at 1x): EngineSpeed = i rpm (raw i * 8, factor 0.125).
    StringBuilder log = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      log.append(eec1("can1", 1_700_000_000_000_000L + i * 20_000L, i * 8)).append('\n');
    }
    try (LiveTestServer gw = new LiveTestServer(dir, List.of(), List.of(), 256 * 1024);
        Playwright pw =
            Playwright.create(
                new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        Browser browser =
            pw.chromium()
                .launch(
                    new BrowserType.LaunchOptions()
                        .setExecutablePath(chrome)
                        .setHeadless(true)
                        .setArgs(
                            List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run")))) {
      Page page = browser.newPage();
      page.setDefaultTimeout(30_000);
      page.navigate(gw.http("/"));
      page.waitForSelector("#conn[data-state=connected]");
      // Started by the page itself: a same-origin POST (Chromium sends Origin) passes the
      // gateway's no-token origin check.
      Map<?, ?> started =
          (Map<?, ?>)
              page.evaluate(
                  "async body => { const r = await fetch("
                      + "'/api/v1/devices/dash-dev/replay?speed=1&name=eec1.log',"
                      + " {method: 'POST', body}); return {status: r.status, body: await r.text()}; }",
                  log.toString());
      assertEquals(202, ((Number) started.get("status")).intValue(), started.toString());
      String status =
          WsTestClient.JSON.readTree((String) started.get("body")).get("status").asText();

      // The catalogue announces the device; pick it and search the signal.
      page.waitForSelector(
          "#device option[value=dash-dev]",
          new Page.WaitForSelectorOptions()
              .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
      page.selectOption("#device", "dash-dev");
      // The device list marks it live (it streams; no heartbeat, so no firmware).
      assertEquals(
          "live",
          page.locator("#known-devices li[data-device=dash-dev][data-live=true] .badge")
              .textContent());
      page.fill("#search", "engine rpm");
      page.click("#results li[data-signal=EngineSpeed] button");

      Locator row = page.locator("#latest tr[data-key='dash-dev/EEC1/EngineSpeed']");
      page.waitForFunction(
          "() => { const r = document.querySelector(\"#latest tr[data-key='dash-dev/EEC1/EngineSpeed']\");"
              + " return r && r.dataset.value !== undefined; }");
      double first = Double.parseDouble(row.getAttribute("data-value"));
      assertEquals(Math.rint(first), first, "a replayed value (whole rpm)");
      assertTrue(first >= 0 && first < 300, "value " + first);
      assertEquals("rpm", row.locator("td.unit").textContent());

      // Until the replay ends, values keep rising; the last one (299 rpm) must arrive.
      page.waitForFunction(
          "() => document.querySelector(\"#latest tr[data-key='dash-dev/EEC1/EngineSpeed']\").dataset.value === '299'",
          null,
          new Page.WaitForFunctionOptions().setTimeout(60_000));
      assertEquals("299", row.locator("td.value").textContent());
      Locator series = page.locator(".chart ul.series li[data-key='dash-dev/EEC1/EngineSpeed']");
      page.waitForFunction(
          "() => document.querySelector(\".chart ul.series li[data-key='dash-dev/EEC1/EngineSpeed']\").dataset.last === '299'");
      int points = Integer.parseInt(series.getAttribute("data-points"));
      // 10 updates/s over several seconds of replay (at least a few of them while we watched).
      assertTrue(points >= 5, "chart points: " + points);
      assertTrue(page.locator(".chart canvas").count() >= 1, "uPlot drew a canvas");
      JsonStatus.assertFinished(gw, status);
      Files.createDirectories(Paths.get("target"));
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(Paths.get("target", "dashboard-live.png"))
              .setFullPage(true));
    }
  }

  /** The replay's own status agrees: finished, 300 frames. */
  static final class JsonStatus {
    static void assertFinished(LiveTestServer gw, String status) throws Exception {
      String body =
          WsTestClient.HTTP
              .send(
                  HttpRequest.newBuilder(URI.create(gw.http(status))).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      var json = WsTestClient.JSON.readTree(body);
      assertEquals("finished", json.get("state").asText(), body);
      assertEquals(300, json.get("frames").asLong());
    }
  }
}
