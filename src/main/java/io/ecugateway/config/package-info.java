/**
 * The gateway's whole configuration: the composition of the sections the features own (each
 * feature's package holds its section record, defaults and rules) and the rules across sections. It
 * imports the feature packages, so they read their sections through {@code server.ConfigSections},
 * never through this package. Loading (YAML and {@code ECUGW_*} variables) is {@code
 * app.ConfigLoader}.
 */
package io.ecugateway.config;
