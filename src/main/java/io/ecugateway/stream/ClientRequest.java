package io.ecugateway.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message from a live client (JSON text):
 *
 * <pre>
 * {"type":"subscribe","id":"s1","device":"3BA1*","messages":["EEC1"],"signals":["Eng*"],
 *  "maxRate":10,"mode":"latest"}
 * {"type":"unsubscribe","id":"s1"}
 * {"type":"catalogue"}
 * </pre>
 *
 * {@code device}, {@code messages} and {@code signals} are wildcard patterns (default {@code *});
 * {@code messages}/{@code signals} may be one string or a list. {@code maxRate} is per signal, per
 * second (default 10, at most 1000); {@code mode} is {@code latest} (default) or {@code minmax}.
 */
public sealed interface ClientRequest {

  /** Longest client message accepted, in characters. */
  int MAX_LENGTH = 16 * 1024;

  int MAX_PATTERNS = 256;
  int MAX_PATTERN_LENGTH = 256;

  record Subscribe(Subscription subscription) implements ClientRequest {}

  record Unsubscribe(String id) implements ClientRequest {}

  record GetCatalogue() implements ClientRequest {}

  /** A client message that cannot be understood; the text is sent back to the client. */
  final class InvalidRequestException extends Exception {
    private final String requestId;

    public InvalidRequestException(String message, String requestId) {
      super(message);
      this.requestId = requestId;
    }

    /** The request's {@code id}, if it had one. */
    public String requestId() {
      return requestId;
    }
  }

  ObjectMapper MAPPER = new ObjectMapper();

  static ClientRequest parse(String text) throws InvalidRequestException {
    if (text.length() > MAX_LENGTH) {
      throw new InvalidRequestException(
          "message too long: " + text.length() + " characters, at most " + MAX_LENGTH, null);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          "not JSON: " + e.getOriginalMessage() + " at column " + e.getLocation().getColumnNr(),
          null);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidRequestException(
          "expected a JSON object like {\"type\":\"subscribe\"}", null);
    }
    String id = root.hasNonNull("id") ? root.get("id").asText() : null;
    JsonNode type = root.get("type");
    if (type == null || !type.isTextual()) {
      throw new InvalidRequestException(
          "missing \"type\": expected subscribe, unsubscribe or catalogue", id);
    }
    return switch (type.asText()) {
      case "subscribe" -> new Subscribe(subscription(root, id));
      case "unsubscribe" -> {
        if (id == null) {
          throw new InvalidRequestException("unsubscribe needs the \"id\" of a subscription", null);
        }
        yield new Unsubscribe(id);
      }
      case "catalogue" -> new GetCatalogue();
      default ->
          throw new InvalidRequestException(
              "unknown type \""
                  + type.asText()
                  + "\": expected subscribe, unsubscribe or catalogue",
              id);
    };
  }

  private static Subscription subscription(JsonNode root, String id)
      throws InvalidRequestException {
    if (id == null || id.isEmpty() || id.length() > MAX_PATTERN_LENGTH) {
      throw new InvalidRequestException(
          "subscribe needs an \"id\" (1.." + MAX_PATTERN_LENGTH + " characters)", id);
    }
    GlobPattern device = GlobPattern.of(text(root, "device", id));
    List<GlobPattern> messages = patterns(root, "messages", id);
    List<GlobPattern> signals = patterns(root, "signals", id);
    double rate = Subscription.DEFAULT_RATE_HZ;
    JsonNode r = root.get("maxRate");
    if (r != null && !r.isNull()) {
      if (!r.isNumber()) {
        throw new InvalidRequestException("\"maxRate\" must be a number (updates per second)", id);
      }
      rate = r.asDouble();
    }
    if (!(rate > 0 && rate <= Subscription.MAX_RATE_HZ)) {
      throw new InvalidRequestException(
          "\"maxRate\" must be > 0 and <= " + (int) Subscription.MAX_RATE_HZ + ", got " + r, id);
    }
    DecimationMode mode = DecimationMode.LATEST;
    String m = text(root, "mode", id);
    if (m != null) {
      try {
        mode = DecimationMode.valueOf(m.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException(
            "\"mode\" must be latest or minmax, got \"" + m + "\"", id);
      }
    }
    return new Subscription(id, device, messages, signals, rate, mode);
  }

  private static String text(JsonNode root, String field, String id)
      throws InvalidRequestException {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual() || n.asText().length() > MAX_PATTERN_LENGTH) {
      throw new InvalidRequestException(
          "\"" + field + "\" must be a string of at most " + MAX_PATTERN_LENGTH + " characters",
          id);
    }
    return n.asText();
  }

  private static List<GlobPattern> patterns(JsonNode root, String field, String id)
      throws InvalidRequestException {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return List.of(GlobPattern.any());
    }
    if (n.isTextual()) {
      return List.of(GlobPattern.of(text(root, field, id)));
    }
    if (!n.isArray() || n.isEmpty() || n.size() > MAX_PATTERNS) {
      throw new InvalidRequestException(
          "\""
              + field
              + "\" must be a pattern or a list of 1.."
              + MAX_PATTERNS
              + " patterns (* and ? are wildcards)",
          id);
    }
    List<GlobPattern> list = new ArrayList<>(n.size());
    for (JsonNode p : n) {
      if (!p.isTextual() || p.asText().isEmpty() || p.asText().length() > MAX_PATTERN_LENGTH) {
        throw new InvalidRequestException(
            "\"" + field + "\" entries must be non-empty strings, got " + p, id);
      }
      list.add(GlobPattern.of(p.asText()));
    }
    return list;
  }
}
