package io.ecugateway.s3.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checksum algorithms against the CRC catalogue's check values ("123456789"). */
class ChecksumsTest {
  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  @Test
  void checkValues() {
    assertEquals("cbf43926", checksum(ChecksumAlgorithm.CRC32, CHECK));
    assertEquals("e3069283", checksum(ChecksumAlgorithm.CRC32C, CHECK));
    assertEquals("ae8b14860a799888", checksum(ChecksumAlgorithm.CRC64NVME, CHECK));
    assertEquals(
        "f7c3bc1d808e04732adf679965ccc34ca7ae3441", checksum(ChecksumAlgorithm.SHA1, CHECK));
    assertEquals("0000000000000000", checksum(ChecksumAlgorithm.CRC64NVME, new byte[0]));
  }

  @Test
  void crc64NvmeSlicedUpdatesEqualByteByByte() {
    Random random = new Random(42);
    for (int length = 0; length < 200; length++) {
      byte[] data = new byte[length + 3];
      random.nextBytes(data);
      Crc64Nvme sliced = new Crc64Nvme();
      int split = length / 3;
      sliced.update(data, 3, split);
      sliced.update(data, 3 + split, length - split);
      Crc64Nvme single = new Crc64Nvme();
      for (int i = 3; i < length + 3; i++) {
        single.update(data[i]);
      }
      assertEquals(single.getValue(), sliced.getValue(), "length " + length);
    }
  }

  @Test
  void headerNames() {
    assertEquals(
        ChecksumAlgorithm.CRC64NVME, ChecksumAlgorithm.ofHeader("X-Amz-Checksum-CRC64NVME"));
    assertEquals(null, ChecksumAlgorithm.ofHeader("x-amz-checksum-type"));
  }

  private static String checksum(ChecksumAlgorithm algorithm, byte[] data) {
    ChecksumAlgorithm.Running running = algorithm.start();
    running.update(data, 0, data.length);
    return HexFormat.of().formatHex(running.value());
  }
}
