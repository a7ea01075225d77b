/**
 * What features ({@code ingest}, {@code api}, {@code stream}) need from the server: the {@link
 * io.ecugateway.server.HttpModule} interface, the shared {@link
 * io.ecugateway.server.GatewayContext}, the configuration read by section ({@link
 * io.ecugateway.server.ConfigSections}) with the sections the server owns ({@code http}, {@code
 * auth}, {@code shutdown}), JSON responses, token and origin checks, the device-id rule,
 * request-body helpers and the bounded virtual-thread executor. It imports no feature and not
 * {@code app}, which assembles the features; so features never depend on each other through the
 * bootstrap.
 */
package io.ecugateway.server;
