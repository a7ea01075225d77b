package io.ecugateway.format.mdf4;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ecugateway.frame.CanFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same random traffic (CAN FD 0..64 bytes, LIN, remote, error, Tx) stored in every data layout
 * the reader supports gives exactly the generated frames, in time order.
 */
class SyntheticLayoutsTest {
  private static final List<SyntheticFiles.Item> ITEMS = SyntheticFiles.traffic(7, 3000);

  private static List<String> expected() {
    return ITEMS.stream().map(i -> SyntheticFiles.describe(i.frame())).toList();
  }

  private static List<String> read(TestMdfWriter w, List<String> warnings) throws Exception {
    byte[] f = w.bytes();
    List<String> out = new ArrayList<>();
    try (Mdf4Reader r = MdfBytes.open(f, f.length, "synthetic.MF4", warnings::add)) {
      CanFrame frame = new CanFrame();
      while (r.next(frame)) {
        out.add(SyntheticFiles.describe(frame));
      }
    }
    return out;
  }

  private static void check(TestMdfWriter w) throws Exception {
    List<String> warnings = new ArrayList<>();
    assertEquals(expected(), read(w, warnings));
    assertEquals(List.of(), warnings);
  }

  /** One unsorted data group; {@code data} builds its data block(s) from the record bytes. */
  private static TestMdfWriter unsorted(
      boolean finalized, java.util.function.ToLongBiFunction<TestMdfWriter, byte[]> data) {
    TestMdfWriter w = new TestMdfWriter(finalized, SyntheticFiles.START_NS);
    long[] cg = SyntheticFiles.channelGroups(w, true);
    for (int g = 1; g < 4; g++) {
      w.setLink(cg[g], 0, cg[g + 1]);
    }
    byte[] records = SyntheticFiles.unsortedData(SyntheticFiles.jittered(ITEMS, 11));
    long dg = w.dg(cg[1], 0, 1);
    w.setLink(dg, 2, data.applyAsLong(w, records));
    w.setLink(64, 0, dg);
    return w;
  }

  @Test
  void unsortedOutOfOrderRecordsInOneDtBlock() throws Exception {
    check(unsorted(true, TestMdfWriter::dt));
  }

  @Test
  void unfinalizedDataBlockRunsToTheEndOfTheFile() throws Exception {
    TestMdfWriter w =
        unsorted(
            false,
            (wr, records) -> {
              long dt = wr.dt(records);
              wr.setLength(dt, 24); // as a logger leaves it before finalizing
              return dt;
            });
    check(w);
  }

  @Test
  void unsortedDeflatedDataInDzBlocksListedByADataList() throws Exception {
    check(
        unsorted(
            true,
            (wr, records) -> {
              int a = records.length / 3;
              int b = 2 * records.length / 3;
              long dz1 = wr.dz(Arrays.copyOfRange(records, 0, a), 0);
              long dt2 = wr.dt(Arrays.copyOfRange(records, a, b));
              long dz3 = wr.dz(Arrays.copyOfRange(records, b, records.length), 0);
              return wr.dl(0, dz1, dt2, dz3);
            }));
  }

  @Test
  void sortedGroupsWithTransposedDzBehindAHeaderListAreMergedInTimeOrder() throws Exception {
    TestMdfWriter w = new TestMdfWriter(true, SyntheticFiles.START_NS);
    long[] cg = SyntheticFiles.channelGroups(w, false);
    long previous = 0;
    for (int g = 4; g >= 1; g--) {
      byte[] data = SyntheticFiles.sortedData(ITEMS, g);
      int size = SyntheticFiles.RECORD_SIZE[g];
      long count = data.length / size;
      long link;
      if (g == 1) {
        // split at arbitrary byte positions (records straddle blocks), second list in a chain
        int a = data.length / 3 + 5;
        int b = 2 * data.length / 3 + 3;
        long dl2 = w.dl(0, w.dz(Arrays.copyOfRange(data, b, data.length), size));
        long dl1 =
            w.dl(
                dl2,
                w.dz(Arrays.copyOfRange(data, 0, a), size),
                w.dt(Arrays.copyOfRange(data, a, b)));
        link = w.hl(dl1);
      } else {
        link = w.dz(data, size);
      }
      long dg = w.dg(cg[g], link, 0);
      w.setLink(dg, 0, previous);
      setCycleCount(w, cg[g], count); // as a finalizer writes it
      previous = dg;
    }
    w.setLink(64, 0, previous);
    check(w);
  }

  private static void setCycleCount(TestMdfWriter w, long cg, long count) {
    // the CG data section starts after 6 links; cycle count is its second uint64
    byte[] image = w.bytes();
    long at = cg + 24 + 6 * 8 + 8;
    MdfBytes.putU64(image, at, count);
    w.patch(at, image, 8);
  }
}
