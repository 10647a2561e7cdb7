package io.paramant.client.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A positive duration as people write it: {@code 90s}, {@code 30m}, {@code 2h}, {@code 7d}, a
 * number of seconds, or ISO 8601 ({@code PT1H30M}).
 */
final class TtlConverter implements ITypeConverter<Duration> {

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})([smhd]?)");

  @Override
  public Duration convert(String value) {
    Duration duration = parse(value.strip().toLowerCase(Locale.ROOT));
    if (duration.isNegative() || duration.isZero()) {
      throw new TypeConversionException("a duration must be positive");
    }
    return duration;
  }

  private static Duration parse(String value) {
    Matcher matcher = SHORT.matcher(value);
    if (matcher.matches()) {
      long n = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        case "d" -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
    }
    try {
      return Duration.parse(value.toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("expected a duration such as 90s, 30m, 2h, 7d or PT1H");
    }
  }
}
