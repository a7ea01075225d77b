package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The one-word record plan cuts exactly the values the per-field readers read, for seeded random
 * layouts of little-endian fields, small tables and constants; layouts wider than a word get no
 * plan.
 */
class FieldWordTest {
  private static final int RECORD = 16;

  @Test
  void cutsTheSameValuesAsTheFieldReaders() throws Exception {
    Random rnd = new Random(11);
    int planned = 0;
    for (int layout = 0; layout < 300; layout++) {
      int base = rnd.nextInt(RECORD - 7);
      FieldReader[] fields = new FieldReader[9];
      for (int i = 0; i < fields.length; i++) {
        fields[i] = randomField(rnd, base);
      }
      FieldWord word = FieldWord.of(fields);
      assertNotNull(word, "layout " + layout);
      planned++;
      byte[] record = new byte[RECORD + RecordBuffer.SLACK];
      for (int k = 0; k < 20; k++) {
        rnd.nextBytes(record);
        long w = (long) FieldReader.LE_LONG.get(record, word.offset);
        for (int i = 0; i < fields.length; i++) {
          assertEquals(fields[i].read(record, 0, k), word.field(w, i), "layout " + layout);
        }
      }
    }
    assertEquals(300, planned);
  }

  @Test
  void noPlanForFieldsWiderThanAWord() throws Exception {
    FieldReader low = field(0, 0, 8, Conversion.IDENTITY);
    FieldReader high = field(8, 0, 4, Conversion.IDENTITY);
    assertNull(FieldWord.of(new FieldReader[] {low, high}));
    assertNotNull(FieldWord.of(new FieldReader[] {low, field(7, 4, 4, Conversion.IDENTITY)}));
  }

  /** A field inside the 8 bytes from {@code base}: plain, a 4-bit table, or a constant. */
  private static FieldReader randomField(Random rnd, int base) throws Exception {
    int kind = rnd.nextInt(3);
    if (kind == 0) {
      return FieldReader.constant(rnd.nextInt(100));
    }
    int bits = kind == 1 ? 1 + rnd.nextInt(29) : 4;
    int start = rnd.nextInt(64 - bits + 1);
    Conversion conv = Conversion.IDENTITY;
    if (kind == 2) {
      double[] values = new double[32];
      for (int i = 0; i < 16; i++) {
        values[2 * i] = i;
        values[2 * i + 1] = i * 3 + 1;
      }
      conv = Conversion.of(new CcBlock(0, CcBlock.TABLE, values), null, "test");
    }
    return field(base + start / 8, start % 8, bits, conv);
  }

  private static FieldReader field(int byteOffset, int bitOffset, int bits, Conversion conv)
      throws Exception {
    CnBlock cn =
        new CnBlock(
            0,
            0,
            0,
            "f",
            0,
            0,
            CnBlock.TYPE_FIXED,
            0,
            CnBlock.DT_UINT_LE,
            bitOffset,
            byteOffset,
            bits,
            0);
    return FieldReader.compile(cn, conv, RECORD, null, "f");
  }
}
