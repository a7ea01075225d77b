"""Writes seeded frames with python-can's own writers and dumps what python-can's own readers read.

Usage: write_and_dump.py DIR COUNT SEED
       write_and_dump.py dump FILE.blf   (only dumps FILE.blf to FILE.blf.jsonl)
Writes DIR/zlib.blf (default compression level), DIR/stored.blf (compression level 0) and
DIR/frames.csv from the same COUNT frames, then reads each file back with python-can's reader and
writes one JSON line per message to DIR/<file>.jsonl (time in whole microseconds).
Run with TZ=UTC: BLF stores the local wall time and python-can converts with the local zone.
"""
import json
import random
import sys

import can

FD_LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 16, 20, 24, 32, 48, 64]


def frames(count, seed):
    rnd = random.Random(seed)
    t_us = 1583049600250000  # 2020-03-01T08:00:00.250Z, on a millisecond
    for _ in range(count):
        t_us += rnd.randint(1, 2000)
        extended = rnd.random() < 0.4
        arb_id = rnd.getrandbits(29 if extended else 11)
        kind = rnd.random()
        common = dict(timestamp=t_us / 1e6, arbitration_id=arb_id, is_extended_id=extended,
                      channel=rnd.randint(0, 1), is_rx=rnd.random() < 0.5)
        if kind < 0.05:
            dlc = rnd.randint(0, 8)
            yield can.Message(is_error_frame=True, dlc=dlc, data=rnd.randbytes(dlc), **common)
        elif kind < 0.12:
            yield can.Message(is_remote_frame=True, dlc=rnd.randint(0, 8), **common)
        elif kind < 0.5:
            n = rnd.choice(FD_LENGTHS)
            yield can.Message(is_fd=True, bitrate_switch=rnd.random() < 0.5,
                              error_state_indicator=rnd.random() < 0.2, dlc=n,
                              data=rnd.randbytes(n), **common)
        else:
            n = rnd.randint(0, 8)
            yield can.Message(dlc=n, data=rnd.randbytes(n), **common)


def dump(reader, path):
    with open(path, "w") as out:
        for m in reader:
            out.write(json.dumps({
                "t_us": round(m.timestamp * 1e6),
                "channel": m.channel,
                "id": m.arbitration_id,
                "extended": m.is_extended_id,
                "remote": m.is_remote_frame,
                "error": m.is_error_frame,
                "fd": m.is_fd,
                "brs": m.bitrate_switch,
                "esi": m.error_state_indicator,
                "rx": m.is_rx,
                "dlc": m.dlc,
                "data": bytes(m.data).hex(),
            }))
            out.write("\n")


def main():
    if sys.argv[1] == "dump":
        dump(can.BLFReader(sys.argv[2]), sys.argv[2] + ".jsonl")
        return
    directory, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    writers = [can.BLFWriter(directory + "/zlib.blf"),
               can.BLFWriter(directory + "/stored.blf", compression_level=0),
               can.CSVWriter(directory + "/frames.csv")]
    for m in frames(count, seed):
        for w in writers:
            w.on_message_received(m)
    for w in writers:
        w.stop()
    dump(can.BLFReader(directory + "/zlib.blf"), directory + "/zlib.blf.jsonl")
    dump(can.BLFReader(directory + "/stored.blf"), directory + "/stored.blf.jsonl")
    dump(can.CSVReader(directory + "/frames.csv"), directory + "/frames.csv.jsonl")


if __name__ == "__main__":
    main()
