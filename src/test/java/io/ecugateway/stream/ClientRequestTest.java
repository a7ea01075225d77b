package io.ecugateway.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ecugateway.stream.ClientRequest.InvalidRequestException;
import org.junit.jupiter.api.Test;

class ClientRequestTest {

  @Test
  void parsesSubscribe() throws Exception {
    ClientRequest r =
        ClientRequest.parse(
            "{\"type\":\"subscribe\",\"id\":\"a\",\"device\":\"3BA1*\",\"messages\":\"EEC1\","
                + "\"signals\":[\"Eng*\",\"Brake\"],\"maxRate\":2.5,\"mode\":\"minmax\"}");
    Subscription s = assertInstanceOf(ClientRequest.Subscribe.class, r).subscription();
    assertEquals("a", s.id());
    assertTrue(s.matchesMessage("3BA199E2", "eec1"));
    assertTrue(s.matchesSignal("EngineSpeed"));
    assertTrue(s.matchesSignal("brake"));
    assertEquals(400_000_000L, s.intervalNs());
    assertEquals(DecimationMode.MINMAX, s.mode());
  }

  @Test
  void defaults() throws Exception {
    Subscription s =
        ((ClientRequest.Subscribe) ClientRequest.parse("{\"type\":\"subscribe\",\"id\":\"x\"}"))
            .subscription();
    assertTrue(s.matchesMessage("any", "thing"));
    assertEquals(Subscription.DEFAULT_RATE_HZ, s.maxRateHz());
    assertEquals(DecimationMode.LATEST, s.mode());
    assertInstanceOf(
        ClientRequest.Unsubscribe.class,
        ClientRequest.parse("{\"type\":\"unsubscribe\",\"id\":\"x\"}"));
    assertInstanceOf(
        ClientRequest.GetCatalogue.class, ClientRequest.parse("{\"type\":\"catalogue\"}"));
  }

  @Test
  void badMessagesSayWhatIsWrong() {
    assertEquals("missing \"type\": expected subscribe, unsubscribe or catalogue", error("{}"));
    assertTrue(error("{nope").startsWith("not JSON"));
    assertTrue(error("[1]").startsWith("expected a JSON object"));
    assertTrue(error("{\"type\":\"dance\"}").startsWith("unknown type \"dance\""));
    assertTrue(error("{\"type\":\"subscribe\"}").startsWith("subscribe needs an \"id\""));
    assertTrue(
        error("{\"type\":\"subscribe\",\"id\":\"a\",\"maxRate\":0}")
            .startsWith("\"maxRate\" must be > 0"));
    assertTrue(
        error("{\"type\":\"subscribe\",\"id\":\"a\",\"maxRate\":\"fast\"}")
            .startsWith("\"maxRate\" must be a number"));
    assertTrue(
        error("{\"type\":\"subscribe\",\"id\":\"a\",\"mode\":\"avg\"}")
            .startsWith("\"mode\" must be latest or minmax"));
    assertTrue(
        error("{\"type\":\"subscribe\",\"id\":\"a\",\"signals\":[]}")
            .startsWith("\"signals\" must be a pattern"));
    assertTrue(
        error("{\"type\":\"subscribe\",\"id\":\"a\",\"signals\":[3]}")
            .contains("non-empty strings"));
    assertTrue(error("{\"type\":\"unsubscribe\"}").startsWith("unsubscribe needs"));
    assertTrue(error(" ".repeat(ClientRequest.MAX_LENGTH + 1)).startsWith("message too long"));
  }

  @Test
  void errorKeepsTheRequestId() {
    InvalidRequestException e =
        assertThrows(
            InvalidRequestException.class,
            () -> ClientRequest.parse("{\"type\":\"subscribe\",\"id\":\"q7\",\"maxRate\":-1}"));
    assertEquals("q7", e.requestId());
  }

  private static String error(String text) {
    return assertThrows(InvalidRequestException.class, () -> ClientRequest.parse(text))
        .getMessage();
  }
}
