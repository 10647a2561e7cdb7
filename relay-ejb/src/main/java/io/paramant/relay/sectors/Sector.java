package io.paramant.relay.sectors;

import java.net.URI;

/**
 * One sector relay of the deployment, as {@code paramant.sectors} names it.
 *
 * @param name the sector's name, e.g. {@code main}
 * @param url its base URL as configured, e.g. {@code http://127.0.0.1:3000}; {@code null} only for
 *     this relay when {@code paramant.sectors} is not set
 */
record Sector(String name, String url) {

  /** {@code GET /health} of the sector's relay. */
  URI healthUri() {
    return URI.create(url.endsWith("/") ? url + "health" : url + "/health");
  }
}
