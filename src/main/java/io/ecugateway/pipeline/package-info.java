/**
 * The one decode pipeline of uploads, live ingest, replays and the {@code decode} command: {@link
 * io.ecugateway.pipeline.DecodeStep} (time window, reassembly, DBC lookup and decoding, unknown-ID
 * counts) and {@link io.ecugateway.pipeline.MessageRows} (tables, rows in column order,
 * signal-index entries). No Vert.x: the features adapt it to their transport.
 */
package io.ecugateway.pipeline;
