/**
 * The gateway's configuration record with its defaults and validation, and the device-name rule it
 * validates with. Read by the server, the features and the command line; imports only {@code
 * transport} (its {@code TransportSettings} section). Loading (YAML and {@code ECUGW_*} variables)
 * is {@code app.ConfigLoader}.
 */
package io.ecugateway.config;
