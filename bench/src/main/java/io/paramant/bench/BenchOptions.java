package io.paramant.bench;

import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.DoubleConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The command line of every benchmark program: the options they all take ({@code --relay}, {@code
 * --key}, {@code --pid}, {@code --admin-token}, {@code --ttl-ms}), the table a program adds its own
 * options to, and the one way they are parsed: {@code --name value} pairs, each at most once,
 * {@code --help} or {@code -h} for the usage. {@code --key} and {@code --admin-token} may instead
 * come from the environment variables {@code PARAMANT_KEY} and {@code PARAMANT_ADMIN_TOKEN}, which
 * keeps them out of the process list.
 */
final class BenchOptions {

  /** The last line of every program's usage text. */
  static final String SECRETS_FROM_ENVIRONMENT =
      "  KEY and T may come from PARAMANT_KEY and PARAMANT_ADMIN_TOKEN instead.";

  /** A benchmark with its options parsed. */
  interface Program {
    /** Runs it; false if bytes (or a webhook signature) were wrong, never for a timing. */
    boolean run() throws Exception;
  }

  URI relay = URI.create("http://127.0.0.1:3000");
  String key = System.getenv("PARAMANT_KEY");
  Long pid;
  String adminToken = System.getenv("PARAMANT_ADMIN_TOKEN");
  long ttlMs = 600_000;

  private final Map<String, Consumer<String>> options = new LinkedHashMap<>();
  private final Map<String, Runnable> flags = new HashMap<>();

  BenchOptions() {
    text("--relay", v -> relay = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v));
    text("--key", v -> key = v);
    whole("--pid", 1, v -> pid = (long) v);
    text("--admin-token", v -> adminToken = v);
    whole("--ttl-ms", 1, v -> ttlMs = v);
  }

  /**
   * The main method of every program: wrong usage prints the error and the usage and exits with 2,
   * {@code --help} prints the usage, a run with wrong bytes exits with 1.
   *
   * @param parse the program for the arguments, null when help was asked for; throws {@link
   *     IllegalArgumentException} for wrong usage
   */
  static void main(String[] args, String usage, Function<String[], Program> parse)
      throws Exception {
    Program program;
    try {
      program = parse.apply(args);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return;
    }
    if (program == null) {
      System.out.println(usage);
      return;
    }
    boolean ok = program.run();
    System.out.flush();
    if (!ok) {
      System.exit(1);
    }
  }

  /** An option with a text value. */
  BenchOptions text(String name, Consumer<String> to) {
    options.put(name, to);
    return this;
  }

  /** An option with a whole number {@code >= min}. */
  BenchOptions whole(String name, int min, IntConsumer to) {
    return text(name, v -> to.accept(whole(name, v, min)));
  }

  /** An option with a decimal number {@code >= min} (a rate, e.g. {@code 0.5}). */
  BenchOptions decimal(String name, double min, DoubleConsumer to) {
    return text(
        name,
        v -> {
          double d;
          try {
            d = Double.parseDouble(v);
          } catch (NumberFormatException e) {
            d = Double.NaN;
          }
          if (!(d >= min) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(name + " must be a number >= " + min + ", was " + v);
          }
          to.accept(d);
        });
  }

  /** An option with a comma-separated list of whole numbers {@code >= min}. */
  BenchOptions wholes(String name, int min, Consumer<int[]> to) {
    return text(
        name,
        v -> {
          String[] parts = v.split(",");
          int[] out = new int[parts.length];
          for (int i = 0; i < parts.length; i++) {
            out[i] = whole(name, parts[i].trim(), min);
          }
          to.accept(out);
        });
  }

  /** An option whose value is one of {@code choices}; {@code error} otherwise. */
  BenchOptions choice(String name, List<String> choices, String error, Consumer<String> to) {
    return text(
        name,
        v -> {
          if (!choices.contains(v)) {
            throw new IllegalArgumentException(error);
          }
          to.accept(v);
        });
  }

  /** An option without a value. */
  BenchOptions flag(String name, Runnable to) {
    flags.put(name, to);
    return this;
  }

  /** The names of the options that take a value (the common ones and the program's). */
  Set<String> names() {
    return options.keySet();
  }

  /**
   * Parses {@code args} into the options; false when help was asked for.
   *
   * @throws IllegalArgumentException for an unknown, repeated or wrong option, or no key
   */
  boolean parse(String[] args) {
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return false;
      }
      if (flags.containsKey(arg)) {
        flags.get(arg).run();
        continue;
      }
      if (!arg.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("unexpected argument " + arg);
      }
      String value = args[++i];
      if (seen.put(arg, value) != null) {
        throw new IllegalArgumentException(arg + " given twice");
      }
      Consumer<String> option = options.get(arg);
      if (option == null) {
        throw new IllegalArgumentException("unknown option " + arg);
      }
      option.accept(value);
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException("--key (or PARAMANT_KEY) is required");
    }
    if (adminToken != null && adminToken.isBlank()) {
      adminToken = null;
    }
    return true;
  }

  static int whole(String name, String value, int min) {
    try {
      int n = Integer.parseInt(value);
      if (n < min) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          name + " must be a whole number >= " + min + ", was " + value);
    }
  }
}
