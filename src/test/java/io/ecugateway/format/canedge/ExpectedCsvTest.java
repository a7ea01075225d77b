package io.ecugateway.format.canedge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.frame.CanFrame;
import io.ecugateway.frame.Direction;
import io.ecugateway.testing.SharedData;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CSS test files (.MFC compressed with 256/512/1024-byte windows, .MFE encrypted, .MFM both)
 * give exactly the rows of CSS's mdf2csv expected outputs, with passwords from CSS's
 * passwords_default.json.
 */
class ExpectedCsvTest {

  @ParameterizedTest
  @CsvSource({
    "single_can_bus_1.MFC, single_can_bus_1_CAN_compressed.csv",
    "single_can_bus_1.MFE, single_can_bus_1_CAN_encrypted.csv",
    "single_message_can_bus_1_256_window.MFC, single_message_can_bus_1_256_window_CAN.csv",
    "single_message_can_bus_1_512_window.MFC, single_message_can_bus_1_512_window_CAN.csv",
    "single_message_can_bus_1_1024_window.MFC, single_message_can_bus_1_1024_window_CAN.csv",
    "single_message_can_bus_1_256_window.MFM, single_message_can_bus_1_256_window_CAN_encrypted.csv",
    "single_message_can_bus_1_512_window.MFM, single_message_can_bus_1_512_window_CAN_encrypted.csv",
    "single_message_can_bus_1_1024_window.MFM, single_message_can_bus_1_1024_window_CAN_encrypted.csv"
  })
  void matchesCssExpectedCsv(String log, String csv) throws Exception {
    Path dir = SharedData.require("canedge");
    Path expectedDir = dir.resolve("expected/mdf4-converters-csv");
    Map<String, String> passwords =
        new ObjectMapper()
            .readValue(
                expectedDir.resolve("passwords_default.json").toFile(),
                new TypeReference<Map<String, String>>() {});
    List<String> warnings = new ArrayList<>();
    ReadOptions options =
        ReadOptions.defaults().withPasswords(passwords).withWarnings(warnings::add);
    List<String> actual = new ArrayList<>();
    try (FrameReader r =
        FormatRegistry.open(dir.resolve("LOG/25674460/00000001").resolve(log), options)) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        actual.add(asCssRow(f));
      }
    }
    List<String> expected = Files.readAllLines(expectedDir.resolve(csv));
    assertEquals(
        "TimestampEpoch;BusChannel;ID;IDE;DLC;DataLength;Dir;EDL;BRS;DataBytes", expected.get(0));
    List<String> rows =
        expected.subList(1, expected.size()).stream().filter(l -> !l.isBlank()).toList();
    assertFalse(rows.isEmpty());
    assertEquals(rows, actual);
    assertTrue(warnings.isEmpty(), warnings.toString());
  }

  /** The frame in mdf2csv's column layout. */
  static String asCssRow(CanFrame f) {
    String ts =
        new BigDecimal(f.timestampNs)
            .movePointLeft(9)
            .setScale(6, java.math.RoundingMode.UNNECESSARY)
            .toPlainString();
    return String.join(
        ";",
        ts,
        f.bus.substring(3),
        Integer.toHexString(f.id).toUpperCase(),
        f.extended ? "1" : "0",
        Integer.toString(f.dlc),
        Integer.toString(f.length),
        f.direction == Direction.TX ? "1" : "0",
        f.fd ? "1" : "0",
        f.brs ? "1" : "0",
        HexFormat.of().withUpperCase().formatHex(f.data, 0, f.length));
  }
}
