package io.paramant.relay.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.paramant.relay.blob.boundary.BlobsResource;
import io.paramant.relay.delivery.boundary.AcksResource;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestMetricsTest {

  @Path("/v2/things/")
  static class Things {
    @GET
    @Path("{id: [0-9a-f]{64}}/parts/{ part : \\d+ }")
    public String part() {
      return "";
    }

    @GET
    public String all() {
      return "";
    }
  }

  @Test
  void the_route_is_the_template_never_the_request_path() throws Exception {
    assertEquals(
        "/v2/outbound/{hash}",
        RequestMetrics.template(
            BlobsResource.class, BlobsResource.class.getMethod("outbound", String.class), "/"));
    assertEquals(
        "/v2/ack",
        RequestMetrics.template(
            AcksResource.class,
            AcksResource.class.getMethod("ack", InputStream.class, Long.class),
            "/"));
    assertEquals(
        "/v2/things/{id}/parts/{part}",
        RequestMetrics.template(Things.class, Things.class.getMethod("part"), "/"));
    assertEquals(
        "/api/v2/things",
        RequestMetrics.template(Things.class, Things.class.getMethod("all"), "api"));
  }
}
