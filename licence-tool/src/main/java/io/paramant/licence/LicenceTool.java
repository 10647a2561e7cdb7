package io.paramant.licence;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The vendor's licence command line, {@code paramant licence keygen|issue|verify}: makes the
 * signing key pair, issues tokens, and checks a token as the relay would. Exit codes: {@value #OK}
 * done, {@value #FAILED} invalid licence (or the command could not do its work), {@value #USAGE}
 * wrong arguments.
 */
public final class LicenceTool {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final String NAME = "paramant licence";

  private static final String EXIT_CODES =
      """

      Exit codes:
        0   done
        1   invalid licence, or the command failed (key file exists, unreadable key file)
        2   wrong arguments
      """;

  private static final String HELP =
      """
      Usage: paramant licence COMMAND [OPTIONS]

      Licence tokens (PLK_KEY) for the Licensed Edition, signed with Ed25519.

      Commands:
        keygen   make the signing key pair
        issue    issue a licence token
        verify   check a licence token

      Run 'paramant licence COMMAND --help' for a command's options.
      """
          + EXIT_CODES;

  private static final String KEYGEN_HELP =
      """
      Usage: paramant licence keygen --private-key-file FILE

      Makes an Ed25519 key pair. Writes the private key (base64 PKCS#8) to FILE, created with
      mode 600 (an existing FILE is never overwritten), and prints the public key (base64 X.509
      SubjectPublicKeyInfo), the value of PARAMANT_LICENCE_PUBLIC_KEY, on standard output.
      """
          + EXIT_CODES;

  private static final String ISSUE_HELP =
      """
      Usage: paramant licence issue --private-key-file FILE --to NAME --expires DATE
                                    --max-users N

      Prints a licence token, the value of PLK_KEY.

        --private-key-file FILE   the private key written by 'keygen'
        --to NAME                 who the licence is issued to
        --expires DATE            YYYY-MM-DD (the start of that day, UTC) or an ISO-8601
                                  instant such as 2027-01-01T00:00:00Z
        --max-users N             the number of active users it allows, at least 1
      """
          + EXIT_CODES;

  private static final String VERIFY_HELP =
      """
      Usage: paramant licence verify --public-key BASE64 TOKEN

      Checks TOKEN against the public key as the relay does, and prints its fields.
      Exits with 1 and the reason when it is malformed, badly signed or expired.
      """
          + EXIT_CODES;

  private static final Set<PosixFilePermission> OWNER_READ_WRITE =
      PosixFilePermissions.fromString("rw-------");

  private LicenceTool() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command; what {@link #main} does, without exiting. Returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(HELP);
      return USAGE;
    }
    String command = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (command) {
        case "-h", "--help", "help" -> {
          out.print(HELP);
          return OK;
        }
        case "keygen" -> {
          return keygen(Arguments.parse(rest, Set.of("--private-key-file")), KEYGEN_HELP, out, err);
        }
        case "issue" -> {
          return issue(
              Arguments.parse(
                  rest, Set.of("--private-key-file", "--to", "--expires", "--max-users")),
              ISSUE_HELP,
              out,
              err);
        }
        case "verify" -> {
          return verify(Arguments.parse(rest, Set.of("--public-key")), VERIFY_HELP, out, err);
        }
        default -> {
          err.println(NAME + ": unknown command '" + command + "' (see '" + NAME + " --help')");
          return USAGE;
        }
      }
    } catch (UsageException e) {
      String name = NAME + " " + command;
      err.println(name + ": " + e.getMessage() + " (see '" + name + " --help')");
      return USAGE;
    } catch (Failure e) {
      err.println(NAME + " " + command + ": " + e.getMessage());
      return FAILED;
    }
  }

  private static int keygen(Arguments arguments, String help, PrintStream out, PrintStream err)
      throws UsageException, Failure {
    if (arguments.help) {
      out.print(help);
      return OK;
    }
    arguments.positionals(0);
    Path file = Path.of(arguments.required("--private-key-file"));
    KeyPair keys = LicenceIssuer.generateKeyPair();
    byte[] pkcs8 = keys.getPrivate().getEncoded();
    byte[] text = Base64.getEncoder().encode(pkcs8);
    try {
      writeOwnerOnly(file, text);
    } finally {
      Arrays.fill(pkcs8, (byte) 0);
      Arrays.fill(text, (byte) 0);
    }
    out.println(Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
    err.println(
        "Wrote the private key to "
            + file
            + " (mode 600). The public key above is the value of PARAMANT_LICENCE_PUBLIC_KEY.");
    return OK;
  }

  private static int issue(Arguments arguments, String help, PrintStream out, PrintStream err)
      throws UsageException, Failure {
    if (arguments.help) {
      out.print(help);
      return OK;
    }
    arguments.positionals(0);
    Path file = Path.of(arguments.required("--private-key-file"));
    String to = arguments.required("--to");
    Instant expires = expires(arguments.required("--expires"));
    int maxUsers = maxUsers(arguments.required("--max-users"));
    if (!expires.isAfter(Instant.now())) {
      throw new UsageException("--expires " + expires + " is not in the future");
    }
    if (!LicencePayload.isPrintable(to, LicencePayload.MAX_ISSUED_TO_CHARS)) {
      throw new UsageException(
          "--to must not be blank, longer than "
              + LicencePayload.MAX_ISSUED_TO_CHARS
              + " characters or have control characters");
    }
    PrivateKey key = readPrivateKey(file, err);
    out.println(LicenceIssuer.issue(key, to, expires, maxUsers));
    return OK;
  }

  private static int verify(Arguments arguments, String help, PrintStream out, PrintStream err)
      throws UsageException, Failure {
    if (arguments.help) {
      out.print(help);
      return OK;
    }
    String token = arguments.positionals(1).get(0);
    LicenceVerifier verifier;
    try {
      verifier = LicenceVerifier.fromPublicKey(arguments.required("--public-key"));
    } catch (IllegalArgumentException e) {
      throw new UsageException("--public-key: " + e.getMessage());
    }
    Licence licence;
    try {
      licence = verifier.verify(token, Instant.now());
    } catch (LicenceException e) {
      throw new Failure("invalid licence (" + e.reason() + "): " + e.getMessage());
    }
    out.println("valid licence");
    out.println("id: " + licence.id());
    out.println("issued to: " + licence.issuedTo());
    out.println("issued at: " + licence.issuedAt());
    out.println("expires: " + licence.expires());
    out.println("max users: " + licence.maxUsers());
    return OK;
  }

  private static Instant expires(String value) throws UsageException {
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--expires must be YYYY-MM-DD or an ISO-8601 instant such as 2027-01-01T00:00:00Z");
    }
  }

  private static int maxUsers(String value) throws UsageException {
    try {
      int maxUsers = Integer.parseInt(value);
      if (maxUsers >= 1) {
        return maxUsers;
      }
    } catch (NumberFormatException e) {
      // below
    }
    throw new UsageException("--max-users must be a whole number of at least 1");
  }

  /** Creates {@code file} with mode 600 (never replacing one) and writes {@code bytes} to it. */
  private static void writeOwnerOnly(Path file, byte[] bytes) throws Failure {
    try (SeekableByteChannel channel =
        Files.newByteChannel(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE))) {
      // The umask only takes bits away; set the mode exactly.
      Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.write(ByteBuffer.wrap(new byte[] {'\n'}));
    } catch (FileAlreadyExistsException e) {
      throw new Failure(file + " exists; it is not overwritten");
    } catch (NoSuchFileException e) {
      throw new Failure("cannot create " + file + ": no such directory");
    } catch (UnsupportedOperationException e) {
      throw new Failure("cannot create " + file + " with mode 600 on this file system");
    } catch (IOException e) {
      deleteQuietly(file);
      throw new Failure("cannot write " + file + ": " + e);
    }
  }

  private static PrivateKey readPrivateKey(Path file, PrintStream err) throws Failure {
    byte[] pkcs8 = null;
    try {
      String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
      warnIfOthersCanRead(file, err);
      pkcs8 = Base64.getDecoder().decode(text);
      return KeyFactory.getInstance(LicenceVerifier.ALGORITHM)
          .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (NoSuchFileException e) {
      throw new Failure("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new Failure("cannot read " + file + ": " + e.getClass().getSimpleName());
    } catch (IllegalArgumentException | InvalidKeySpecException e) {
      throw new Failure(file + " does not hold a base64 PKCS#8 Ed25519 private key");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java runtime has no Ed25519", e);
    } finally {
      if (pkcs8 != null) {
        Arrays.fill(pkcs8, (byte) 0);
      }
    }
  }

  private static void warnIfOthersCanRead(Path file, PrintStream err) throws IOException {
    try {
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (!OWNER_READ_WRITE.containsAll(mode)) {
        err.println(
            "warning: "
                + file
                + " has mode "
                + PosixFilePermissions.toString(mode)
                + "; a private key should be readable by its owner only (chmod 600)");
      }
    } catch (UnsupportedOperationException e) {
      // no POSIX modes on this file system: nothing to check
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the write already failed; that is what gets reported
    }
  }

  /** The options ({@code --name value} or {@code --name=value}) and operands of one command. */
  private static final class Arguments {
    final Map<String, String> options = new LinkedHashMap<>();
    final List<String> operands = new ArrayList<>();
    boolean help;

    static Arguments parse(List<String> args, Set<String> names) throws UsageException {
      Arguments parsed = new Arguments();
      boolean optionsEnded = false;
      for (int i = 0; i < args.size(); i++) {
        String arg = args.get(i);
        if (optionsEnded || !arg.startsWith("-") || arg.equals("-")) {
          parsed.operands.add(arg);
        } else if (arg.equals("--")) {
          optionsEnded = true;
        } else if (arg.equals("--help") || arg.equals("-h")) {
          parsed.help = true;
        } else {
          int equals = arg.indexOf('=');
          String name = equals < 0 ? arg : arg.substring(0, equals);
          if (!names.contains(name)) {
            throw new UsageException("unknown option " + name);
          }
          String value;
          if (equals >= 0) {
            value = arg.substring(equals + 1);
          } else if (i + 1 < args.size()) {
            value = args.get(++i);
          } else {
            throw new UsageException(name + " needs a value");
          }
          if (parsed.options.putIfAbsent(name, value) != null) {
            throw new UsageException(name + " is given twice");
          }
        }
      }
      return parsed;
    }

    String required(String name) throws UsageException {
      String value = options.get(name);
      if (value == null || value.isBlank()) {
        throw new UsageException(name + " is required");
      }
      return value;
    }

    List<String> positionals(int count) throws UsageException {
      if (operands.size() != count) {
        throw new UsageException(
            "takes " + count + " argument" + (count == 1 ? "" : "s") + ", not " + operands.size());
      }
      return operands;
    }
  }

  /** Wrong arguments: exit code {@value #USAGE}. */
  private static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The command could not do its work, or the licence is invalid: exit code {@value #FAILED}. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }
}
