package io.ecugateway.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import io.ecugateway.stream.ws.DashboardBrowserTest;
import io.ecugateway.testing.SharedData;
import java.nio.charset.StandardCharsets;
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
 * The dashboard's device list in real headless Chromium: a CANedge that only PUT its {@code
 * device.json} heartbeat (no log, nothing live) is listed as "not live" with its firmware, SD use
 * and the heartbeat's age; a device.json whose firmware is markup shows as text, not as elements.
 * Screenshot: target/dashboard-devices.png.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class S3DashboardBrowserTest {
  @TempDir Path dir;

  @Test
  void heartbeatOnlyDevicesAreListedNotLiveWithFirmware() throws Exception {
    Path chrome = DashboardBrowserTest.chromium();
    byte[] heartbeat =
        Files.readAllBytes(
            SharedData.require("canedge").resolve("device-meta/device-json/2A73E1CC-device.json"));
    byte[] hostile =
        "{\"fw_ver\":\"<b id=pwn>01.09</b>\",\"space_used_mb\":\"5/100\"}"
            .getBytes(StandardCharsets.UTF_8);
    try (S3Gateway gw = S3Gateway.start(dir);
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
                        .setArgs(List.of("--no-sandbox", "--disable-gpu", "--no-first-run")))) {
      RawS3 raw = new RawS3(gw.server.s3Port());
      RawS3.Signing device = RawS3.Signing.unsigned(S3Gateway.DEVICE_KEY, S3Gateway.DEVICE_SECRET);
      RawS3.Signing admin = RawS3.Signing.unsigned(S3Gateway.ADMIN_KEY, S3Gateway.ADMIN_SECRET);
      assertEquals(
          200,
          raw.send(raw.sign("PUT", "/canedge/3BA199E2/device.json", Map.of(), heartbeat, device))
              .status());
      assertEquals(
          200,
          raw.send(raw.sign("PUT", "/canedge/EVIL0001/device.json", Map.of(), hostile, admin))
              .status());

      Page page = browser.newPage();
      page.setDefaultTimeout(20_000);
      String base = "http://127.0.0.1:" + gw.server.port() + "/";
      page.navigate(base);
      // The gateway has an API token: the dashboard's token field keeps it in local storage.
      page.evaluate("() => localStorage.setItem('ecugw.token', 'api-token')");
      page.navigate(base);

      Locator mine = page.locator("#known-devices li[data-device='3BA199E2']");
      mine.waitFor();
      assertEquals("false", mine.getAttribute("data-live"));
      assertEquals("not live", mine.locator(".badge").textContent());
      Locator meta = mine.locator(".meta");
      assertEquals("01.08.01", meta.getAttribute("data-firmware"));
      String text = meta.textContent();
      assertTrue(text.contains("firmware 01.08.01"), text);
      assertTrue(text.contains("SD 1 / 7572 MB"), text);
      assertTrue(text.matches("heartbeat \\d+ s ago · .*"), text);

      Locator evil = page.locator("#known-devices li[data-device='EVIL0001'] .meta");
      evil.waitFor();
      assertTrue(evil.textContent().contains("firmware <b id=pwn>01.09</b>"), evil.textContent());
      assertEquals(0, page.locator("#pwn").count(), "API strings are text, never markup");

      Files.createDirectories(Paths.get("target"));
      page.screenshot(
          new Page.ScreenshotOptions()
              .setPath(Paths.get("target", "dashboard-devices.png"))
              .setFullPage(true));
    }
  }
}
