package io.ecugateway.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a {@code passwords.json} as CSS Electronics' tools use it: one JSON object mapping a device
 * ID (serial, e.g. {@code "3BA199E2"}) or {@code "default"} to the password of its encrypted
 * .MFE/.MFM logs.
 */
public final class PasswordsFile {
  private PasswordsFile() {}

  /**
   * @throws IOException naming the file and what is wrong with it
   */
  public static Map<String, String> load(Path file) throws IOException {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (JacksonException e) {
      throw new IOException(
          file
              + ": not valid JSON ("
              + e.getOriginalMessage()
              + "); expected an object like "
              + "{\"default\": \"password\", \"3BA199E2\": \"other password\"}");
    }
    if (root == null || !root.isObject()) {
      throw new IOException(
          file + ": expected a JSON object mapping device IDs or \"default\" to passwords");
    }
    Map<String, String> passwords = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new IOException(
            file
                + ": the password for \""
                + e.getKey()
                + "\" must be a string, found "
                + e.getValue().getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
      }
      passwords.put(e.getKey(), e.getValue().textValue());
    }
    return passwords;
  }
}
