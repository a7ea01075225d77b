/**
 * The gateway's log: the {@code logging} section ({@link io.ecugateway.logging.LoggingConfig}) and
 * how it is applied to slf4j-simple ({@link io.ecugateway.logging.LogLevels}). Imports nothing of
 * the gateway.
 */
package io.ecugateway.logging;
