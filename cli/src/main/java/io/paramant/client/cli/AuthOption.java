package io.paramant.client.cli;

import io.paramant.client.DeviceAuth;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --auth key|did} (a picocli mixin) for the commands whose requests are a device's own
 * (uploads, downloads, confirmations, the push ticket): how the relay learns who asks.
 */
final class AuthOption {

  @Option(
      names = "--auth",
      paramLabel = "key|did",
      defaultValue = "key",
      converter = Kind.class,
      description =
          "How this device's own requests (uploads, downloads, delivery confirmations, the push"
              + " ticket, the audit export) are authenticated: key, the API key (default), or did, signed by this"
              + " device's ML-DSA-65 key as its DID (register it first: paramant did register)."
              + " Key lookups still use the API key.")
  private DeviceAuth auth;

  DeviceAuth auth() {
    return auth;
  }

  /** {@code key} or {@code did}. */
  static final class Kind implements ITypeConverter<DeviceAuth> {
    @Override
    public DeviceAuth convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "key" -> DeviceAuth.API_KEY;
        case "did" -> DeviceAuth.DID;
        default -> throw new TypeConversionException("'" + value + "' is neither key nor did");
      };
    }
  }
}
