/** {@code gantry serve}: triggers, queues, run history and the HTTP API. */
package dev.gantry.server;
