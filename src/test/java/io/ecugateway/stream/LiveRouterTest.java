package io.ecugateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveRouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] EEC1 = {"EngineSpeed", "EngineTorque", "DriverDemand"};
  private static final String[] CCVS = {"WheelSpeed", "Brake"};
  private static final long MS = 1_000_000L;

  /** A transport whose writability the test controls; keeps what was sent. */
  static final class FakeOutput implements SessionOutput {
    boolean writable = true;
    final List<String> sent = new ArrayList<>();

    @Override
    public boolean writable() {
      return writable;
    }

    @Override
    public void send(String text) {
      sent.add(text);
    }

    /** All samples sent, parsed. */
    List<JsonNode> samples() throws Exception {
      List<JsonNode> out = new ArrayList<>();
      for (String s : sent) {
        JsonNode n = JSON.readTree(s);
        if (n.get("type").asText().equals("samples")) {
          n.get("samples").forEach(out::add);
        }
      }
      return out;
    }
  }

  private final LiveCatalogue catalogue = new LiveCatalogue();
  private final LiveRouter router = new LiveRouter(catalogue);

  private LiveSession session(FakeOutput out, Subscription... subs) {
    LiveSession s = new LiveSession(out, d -> true);
    for (Subscription sub : subs) {
      s.subscribe(sub);
    }
    router.add(s);
    return s;
  }

  private static Subscription sub(
      String id, String device, String message, String signal, double rate, DecimationMode mode) {
    return new Subscription(
        id,
        GlobPattern.of(device),
        List.of(GlobPattern.of(message)),
        List.of(GlobPattern.of(signal)),
        rate,
        mode);
  }

  private static LiveMessage eec1(String device, long tNs, double speed) {
    return new LiveMessage(device, "can1", "EEC1", tNs, EEC1, new double[] {speed, 50, 10});
  }

  @Test
  void filtersByDeviceMessageAndSignal() throws Exception {
    FakeOutput a = new FakeOutput();
    FakeOutput b = new FakeOutput();
    session(a, sub("s", "truck*", "EEC1", "Engine*", 1000, DecimationMode.LATEST));
    session(b, sub("s", "*", "CCVS", "*", 1000, DecimationMode.LATEST));
    router.dispatch(
        List.of(
            eec1("truck1", 1_600_000_000_123_456_000L, 1500.5),
            eec1("car7", 1_600_000_000_200_000_000L, 900),
            new LiveMessage("car7", "can1", "CCVS", 5_000_000L, CCVS, new double[] {88, 1})),
        0);
    List<JsonNode> sa = a.samples();
    assertEquals(1, sa.size());
    assertEquals("truck1", sa.get(0).get("device").asText());
    assertEquals("EEC1", sa.get(0).get("message").asText());
    assertTrue(a.sent.get(0).contains("\"t\":1600000000.123456,"), a.sent.get(0));
    JsonNode sig = sa.get(0).get("signals");
    assertEquals(2, sig.size());
    assertEquals(1500.5, sig.get("EngineSpeed").asDouble());
    assertEquals(50, sig.get("EngineTorque").asDouble());
    List<JsonNode> sb = b.samples();
    assertEquals(1, sb.size());
    assertEquals("CCVS", sb.get(0).get("message").asText());
    assertEquals(2, sb.get(0).get("signals").size());
    // One outgoing message per session per batch.
    assertEquals(1, a.sent.size());
  }

  @Test
  void decimatesToMaxRateAndFlushesTheTrailingValue() throws Exception {
    FakeOutput a = new FakeOutput();
    session(a, sub("s", "*", "EEC1", "EngineSpeed", 10, DecimationMode.LATEST));
    // 1 kHz input for one second of (simulated) time: at most 10 sends, plus the trailing one.
    for (int i = 0; i < 1000; i++) {
      long now = i * MS;
      router.dispatch(List.of(eec1("d", now, i)), now);
      if (i % 20 == 0) {
        router.flushDue(now);
      }
    }
    router.flushDue(1000 * MS);
    List<JsonNode> s = a.samples();
    assertTrue(s.size() >= 10 && s.size() <= 11, "sends: " + s.size());
    assertEquals(0, s.get(0).get("signals").get("EngineSpeed").asDouble());
    // The newest value is delivered last.
    assertEquals(999, s.get(s.size() - 1).get("signals").get("EngineSpeed").asDouble());
    // Sends are at least 100 ms apart (each carries the value current at send time; the final
    // trailing send carries the burst's last value).
    for (int i = 1; i < s.size() - 1; i++) {
      double dt = s.get(i).get("t").asDouble() - s.get(i - 1).get("t").asDouble();
      assertTrue(dt >= 0.0999, "interval " + dt);
    }
  }

  @Test
  void minMaxModeKeepsSpikesBetweenSends() throws Exception {
    FakeOutput a = new FakeOutput();
    session(a, sub("s", "*", "*", "EngineSpeed", 1, DecimationMode.MINMAX));
    router.dispatch(List.of(eec1("d", 0, 5)), 0);
    router.dispatch(List.of(eec1("d", 100 * MS, 7)), 100 * MS);
    router.dispatch(List.of(eec1("d", 200 * MS, -3)), 200 * MS);
    router.dispatch(List.of(eec1("d", 300 * MS, 4)), 300 * MS);
    router.flushDue(1000 * MS);
    List<JsonNode> s = a.samples();
    assertEquals(2, s.size());
    assertEquals("[5,5]", s.get(0).get("signals").get("EngineSpeed").toString());
    assertEquals("[-3,7]", s.get(1).get("signals").get("EngineSpeed").toString());
  }

  @Test
  void unsubscribeStopsTheFlow() throws Exception {
    FakeOutput a = new FakeOutput();
    LiveSession s = session(a, sub("s", "*", "*", "*", 1000, DecimationMode.LATEST));
    router.dispatch(List.of(eec1("d", 0, 1)), 0);
    assertTrue(s.unsubscribe("s"));
    router.subscriptionsChanged();
    assertFalse(s.unsubscribe("s"));
    router.dispatch(List.of(eec1("d", 10 * MS, 2)), 10 * MS);
    router.flushDue(20 * MS);
    assertEquals(1, a.samples().size());
  }

  @Test
  void lastMatchingSubscriptionDecidesTheRate() throws Exception {
    FakeOutput a = new FakeOutput();
    session(
        a,
        sub("slow", "*", "*", "*", 1, DecimationMode.LATEST),
        sub("fast", "*", "*", "EngineSpeed", 1000, DecimationMode.LATEST));
    for (int i = 0; i < 10; i++) {
      router.dispatch(List.of(eec1("d", i * 10 * MS, i)), i * 10 * MS);
    }
    long speedSends = a.samples().stream().filter(n -> n.get("signals").has("EngineSpeed")).count();
    long torqueSends =
        a.samples().stream().filter(n -> n.get("signals").has("EngineTorque")).count();
    assertEquals(10, speedSends);
    assertEquals(1, torqueSends);
  }

  @Test
  void congestedClientCoalescesCountsDropsAndStaysBounded() throws Exception {
    FakeOutput slow = new FakeOutput();
    FakeOutput fast = new FakeOutput();
    LiveSession s = session(slow, sub("s", "*", "*", "*", 100, DecimationMode.LATEST));
    session(fast, sub("s", "*", "*", "*", 100, DecimationMode.LATEST));
    slow.writable = false;
    for (int i = 0; i < 100_000; i++) {
      long now = i * MS;
      router.dispatch(List.of(eec1("d", now, i)), now);
      if (i % 10 == 0) {
        router.flushDue(now);
      }
    }
    assertEquals(0, slow.sent.size(), "nothing is queued while congested");
    assertEquals(3, s.heldSignalCapacity(), "state is one slot per subscribed signal");
    assertTrue(s.dropped() > 90_000 * 3, "dropped " + s.dropped());
    assertTrue(fast.samples().size() >= 9_000);
    // Once writable again the newest values go out, with the drop count.
    slow.writable = true;
    router.resume(s, 100_000 * MS);
    JsonNode last = JSON.readTree(slow.sent.get(slow.sent.size() - 1));
    assertEquals(99_999, last.get("samples").get(0).get("signals").get("EngineSpeed").asDouble());
    assertEquals(s.dropped(), last.get("dropped").asLong());
  }

  @Test
  void catalogueUpdatesAreNotQueuedWhileCongested() throws Exception {
    FakeOutput a = new FakeOutput();
    LiveSession s = session(a);
    MessageInfo info =
        new MessageInfo(
            "EEC1",
            0xCF00400L,
            List.of(
                new SignalInfo("EngineSpeed", "rpm", Map.of()),
                new SignalInfo("Mode", "", Map.of(0L, "Off", 1L, "On"))));
    catalogue.add("d", info);
    router.catalogueUpdate("d", info);
    assertEquals(0, a.sent.size(), "sent with the next flush");
    router.flushDue(0);
    JsonNode update = JSON.readTree(a.sent.get(0));
    assertFalse(update.get("full").asBoolean());
    assertEquals("rpm", update.at("/devices/0/messages/0/signals/0/unit").asText());
    assertEquals("On", update.at("/devices/0/messages/0/signals/1/labels/1").asText());
    a.writable = false;
    for (int i = 0; i < 100; i++) {
      MessageInfo m = new MessageInfo("M" + i, i, List.of());
      catalogue.add("d", m);
      router.catalogueUpdate("d", m);
      router.flushDue(i);
    }
    assertEquals(1, a.sent.size());
    a.writable = true;
    router.resume(s, 0);
    JsonNode full = JSON.readTree(a.sent.get(1));
    assertTrue(full.get("full").asBoolean());
    assertEquals(101, full.at("/devices/0/messages").size());
  }

  @Test
  void limitsSubscriptionsPerSession() {
    LiveSession s = new LiveSession(new FakeOutput(), d -> true);
    for (int i = 0; i < LiveSession.MAX_SUBSCRIPTIONS; i++) {
      s.subscribe(sub("s" + i, "*", "*", "*", 1, DecimationMode.LATEST));
    }
    // Replacing an existing id is fine, a new one is not.
    s.subscribe(sub("s0", "*", "*", "*", 2, DecimationMode.LATEST));
    assertThrows(
        IllegalArgumentException.class,
        () -> s.subscribe(sub("x", "*", "*", "*", 1, DecimationMode.LATEST)));
  }

  @Test
  void nonFiniteValuesAreStrings() throws Exception {
    FakeOutput a = new FakeOutput();
    session(a, sub("s", "*", "*", "*", 1000, DecimationMode.LATEST));
    router.dispatch(
        List.of(
            new LiveMessage(
                "d\"q",
                "can1",
                "EEC1",
                0,
                EEC1,
                new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.5})),
        0);
    JsonNode s = a.samples().get(0);
    assertEquals("d\"q", s.get("device").asText());
    assertEquals("NaN", s.get("signals").get("EngineSpeed").asText());
    assertEquals("Infinity", s.get("signals").get("EngineTorque").asText());
    assertEquals(-0.5, s.get("signals").get("DriverDemand").asDouble());
  }
}
