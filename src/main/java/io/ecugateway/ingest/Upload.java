package io.ecugateway.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One accepted upload as the journal stores it and {@code GET /api/v1/uploads/{id}} shows it.
 * Immutable; every state change writes a new version to the journal.
 *
 * @param id upload id
 * @param device logger id
 * @param session session folder
 * @param split split as uploaded
 * @param splitKey identity across re-uploads (see {@link LogPath#splitKey()})
 * @param fileName original file name ({@code ?name=} or the multipart file name), may be null
 * @param archive archived raw file, relative to the data directory
 * @param bytes size of the raw file
 * @param receivedAt when the body was durable, ms since the epoch
 * @param state where it is
 * @param reason why it failed (FAILED only)
 * @param format detected log format
 * @param frames frames read
 * @param messages frames decoded into rows
 * @param unknownFrames frames whose (bus, id) no DBC describes
 * @param unknownIds distinct unknown identifiers, {@code bus:0xID}, at most 100 listed
 * @param outOfWindowFrames frames dated outside {@code decode.minTimestamp} … now + {@code
 *     decode.maxFutureSeconds}, not stored (0 in records of older versions)
 * @param attempts decode attempts so far (more than one after a restart)
 * @param startedAt when decoding began, ms since the epoch (0 before)
 * @param durationMs decode + store time of the last attempt
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Upload(
    String id,
    String device,
    String session,
    String split,
    String splitKey,
    String fileName,
    String archive,
    long bytes,
    long receivedAt,
    UploadState state,
    String reason,
    String format,
    long frames,
    long messages,
    long unknownFrames,
    List<String> unknownIds,
    long outOfWindowFrames,
    long attempts,
    long startedAt,
    long durationMs) {

  public Upload {
    unknownIds = unknownIds == null ? List.of() : List.copyOf(unknownIds);
  }

  static Upload queued(
      String id, LogPath path, String fileName, String archive, long bytes, long receivedAt) {
    return new Upload(
        id,
        path.device(),
        path.session(),
        path.split(),
        path.splitKey(),
        fileName,
        archive,
        bytes,
        receivedAt,
        UploadState.QUEUED,
        null,
        null,
        0,
        0,
        0,
        List.of(),
        0,
        0,
        0,
        0);
  }

  Upload decoding(long now) {
    return next(
        UploadState.DECODING,
        null,
        new DecodeSummary(format, 0, 0, 0, List.of(), 0),
        attempts + 1,
        now,
        0);
  }

  Upload stored(DecodeSummary r, long now) {
    return next(UploadState.STORED, null, r, attempts, startedAt, now - startedAt);
  }

  Upload failed(String why, DecodeSummary partial, long now) {
    DecodeSummary p = partial == null ? DecodeSummary.EMPTY : partial;
    return next(
        UploadState.FAILED, why, p, attempts, startedAt, startedAt == 0 ? 0 : now - startedAt);
  }

  /** The same upload (identity, file, arrival) in a new state with new decode figures. */
  private Upload next(
      UploadState state,
      String reason,
      DecodeSummary r,
      long attempts,
      long startedAt,
      long durationMs) {
    return new Upload(
        id,
        device,
        session,
        split,
        splitKey,
        fileName,
        archive,
        bytes,
        receivedAt,
        state,
        reason,
        r.format(),
        r.frames(),
        r.messages(),
        r.unknownFrames(),
        r.unknownIds(),
        r.outOfWindowFrames(),
        attempts,
        startedAt,
        durationMs);
  }

  /** The same record with another failure reason. */
  Upload withReason(String why) {
    DecodeSummary figures =
        new DecodeSummary(format, frames, messages, unknownFrames, unknownIds, outOfWindowFrames);
    return next(state, why, figures, attempts, startedAt, durationMs);
  }

  /** Log prefix naming the device and upload. */
  String logContext() {
    return "[device: " + device + ", upload: " + id + "] ";
  }
}
