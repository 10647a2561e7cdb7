package io.paramant.web.platform;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/**
 * Writes an {@link ApiError} entity with {@link ApiError#toJson()} (members in the documented
 * order). A web module that answers that way registers a scoped subclass as its provider; one
 * without it leaves the record to JSON-B (see {@link ApiError}).
 */
public class ApiErrorWriter implements MessageBodyWriter<ApiError> {

  @Override
  public boolean isWriteable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return type == ApiError.class;
  }

  @Override
  public void writeTo(
      ApiError error,
      Class<?> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, Object> httpHeaders,
      OutputStream entityStream)
      throws IOException {
    entityStream.write(error.toJson().getBytes(StandardCharsets.UTF_8));
  }
}
