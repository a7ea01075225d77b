package io.ecugateway.s3import;

import java.util.List;

/**
 * What one pass over a bucket did.
 *
 * @param listed objects listed under the prefix
 * @param imported CANedge logs handed to the pipeline (journaled) in this pass
 * @param unchanged CANedge logs imported before with the same ETag
 * @param skipped objects that are not CANedge logs
 * @param failed logs that could not be imported (download failed, the pipeline refused them); those
 *     not refused for their content are tried again at the next pass
 * @param bytes bytes downloaded
 * @param uploadIds the pipeline's upload ids of the imported logs
 * @param error why the pass stopped early (listing failed), or null
 */
public record ImportPass(
    long listed,
    long imported,
    long unchanged,
    long skipped,
    long failed,
    long bytes,
    List<String> uploadIds,
    String error) {

  public ImportPass {
    uploadIds = List.copyOf(uploadIds);
  }

  /** One line for logs and the command's output. */
  public String summary() {
    return "%d listed, %d imported, %d unchanged, %d skipped (not CANedge logs), %d failed, %d bytes"
            .formatted(listed, imported, unchanged, skipped, failed, bytes)
        + (error == null ? "" : "; stopped early: " + error);
  }
}
