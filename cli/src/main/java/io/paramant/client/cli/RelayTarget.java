package io.paramant.client.cli;

import io.paramant.client.internal.ctlog.RelayAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Which relay a command talks to: {@code --relay URL}, or {@code --sector NAME} for a sector relay
 * of a local deployment on its default port. A command takes it as {@code @ArgGroup(exclusive =
 * true, multiplicity = "1")}, so that exactly one of the two is given ({@code scan}: at most one).
 */
final class RelayTarget {

  @Option(
      names = "--relay",
      paramLabel = "URL",
      required = true,
      converter = RelayUrl.class,
      description = "The relay's base URL, e.g. http://127.0.0.1:3000/.")
  private URI relay;

  @Option(
      names = "--sector",
      paramLabel = "NAME",
      required = true,
      converter = LocalSector.Converter.class,
      description =
          "A relay of a local deployment: main, health, finance, legal or iot"
              + " (http://127.0.0.1:3000/ to :3004/).")
  private URI sector;

  /** The relay's base URL. */
  URI uri() {
    return relay != null ? relay : sector;
  }

  /** The launcher's sectors and their default ports (server-config/paramant). */
  enum LocalSector {
    MAIN(3000),
    HEALTH(3001),
    FINANCE(3002),
    LEGAL(3003),
    IOT(3004);

    private final int port;

    LocalSector(int port) {
      this.port = port;
    }

    /** The sector's relay URL on this machine, or empty for an unknown sector name. */
    static java.util.Optional<URI> url(String name) {
      return Arrays.stream(values())
          .filter(s -> s.name().toLowerCase(Locale.ROOT).equals(name))
          .findFirst()
          .map(s -> URI.create("http://127.0.0.1:" + s.port + "/"));
    }

    static final class Converter implements ITypeConverter<URI> {
      @Override
      public URI convert(String name) {
        return url(name)
            .orElseThrow(
                () ->
                    new TypeConversionException(
                        "expected one of main, health, finance, legal, iot"));
      }
    }

    /** A sector name of the local deployment, checked. */
    static final class Name implements ITypeConverter<String> {
      @Override
      public String convert(String name) {
        if (url(name).isEmpty()) {
          throw new TypeConversionException("expected one of main, health, finance, legal, iot");
        }
        return name;
      }
    }
  }

  /** Checks the URL the way the SDK will, so that a bad one is a usage error. */
  static final class RelayUrl implements ITypeConverter<URI> {
    @Override
    public URI convert(String value) {
      try {
        return RelayAddress.of(new URI(value)).uri();
      } catch (URISyntaxException e) {
        throw new TypeConversionException("not a URL: " + e.getReason());
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
