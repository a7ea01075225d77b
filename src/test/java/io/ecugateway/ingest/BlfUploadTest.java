package io.ecugateway.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ecugateway.format.FormatRegistry;
import io.ecugateway.format.FrameReader;
import io.ecugateway.format.ReadOptions;
import io.ecugateway.format.blf.TestBlf;
import io.ecugateway.frame.CanFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload of a BLF (a real CANedge split's frames rewritten as a zlib BLF) is detected by content
 * and stores exactly the rows an independent decode of the original MF4 gives.
 */
class BlfUploadTest {
  @TempDir Path data;
  @TempDir Path tmp;

  @Test
  void blfUploadStoresTheRowsOfItsSource() throws Exception {
    Path mf4 = IngestHarness.sample(1);
    List<CanFrame> frames = new ArrayList<>();
    try (FrameReader r = FormatRegistry.open(mf4, ReadOptions.defaults())) {
      CanFrame f = new CanFrame();
      while (r.next(f)) {
        frames.add(f.copy());
      }
    }
    try (IngestHarness h = IngestHarness.start(data, tmp)) {
      String id =
          IngestHarness.acceptedId(
              h.put("BLF00001", "00000001", "trace.blf", TestBlf.fromFrames(frames, true)));
      JsonNode status = h.waitFinal(id, Duration.ofSeconds(120));
      assertEquals("stored", status.get("status").asText(), status.toString());
      assertEquals(frames.size(), status.get("frames").asLong());
      Map<String, Long> expected = h.expectedRows(List.of(mf4));
      assertTrue(expected.values().stream().mapToLong(Long::longValue).sum() > 10_000);
      assertEquals(expected, h.storedRows("BLF00001", expected));
    }
  }
}
