package io.paramant.relay.accounts;

import io.paramant.accounts.GuessThrottle;
import io.paramant.accounts.InvalidUsersFile;
import io.paramant.accounts.User;
import io.paramant.accounts.UsersJson;
import io.paramant.relay.InvalidInputException;
import io.paramant.relay.RateLimitedException;
import io.paramant.relay.audit.Audited;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The accounts of this deployment, read from {@code <paramant.data>/users.json} (shared by all
 * sectors, written only by the admin tools through the accounts module's one writer, read here
 * through its one codec) and the admin token.
 *
 * <p>Key matching: the presented key is hashed with SHA-256 and the digest is looked up, then
 * compared with {@link MessageDigest#isEqual} (constant time). Only digests are held, so a heap
 * dump yields no key, and the lookup's timing depends on a hash of the key, which tells an attacker
 * nothing about valid keys.
 *
 * <p>Reload: the file is polled every second (modification time, size, file key; the admin tools
 * replace it by an atomic rename) and on {@link #reload()}. A file that does not parse or validate
 * is refused as a whole: the last good state stays in force and the reason is logged. The file's
 * bytes are read once, then digested and parsed, so that {@link #state()}'s SHA-256 names exactly
 * the accounts in force (the admin console compares it across sectors).
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class Accounts {

  /** Shortest admin token accepted at start-up (128 bits of hex). */
  static final int MIN_ADMIN_TOKEN_LENGTH = 32;

  private static final System.Logger LOG = System.getLogger(Accounts.class.getName());
  private static final String LICENCE_KEY_PREFIX = "plk_";

  @Inject
  @ConfigProperty(name = "paramant.data", defaultValue = "./data")
  String dataRoot;

  @Inject
  @ConfigProperty(name = "paramant.admin-token")
  Optional<String> adminToken;

  @Inject Event<AccountsChanged> changes;

  /** A revoked account's audit chain records its revocation (seen at a reload). */
  @Inject Event<Audited> audited;

  private Path usersFile;
  private byte[] adminTokenDigest;
  private final GuessThrottle adminThrottle;
  private volatile State state;
  private volatile Object loadedVersion;

  /**
   * What is in force, replaced as a whole.
   *
   * @param users entries by the hex SHA-256 of their key
   * @param sha256 hex SHA-256 of the file's bytes, or {@code null} when there was no file
   */
  private record State(Map<String, Known> users, String sha256, Instant loadedAt) {}

  /** An account with the SHA-256 of its API key. */
  private record Known(Account account, byte[] keyDigest) {}

  /** For the container. */
  public Accounts() {
    adminThrottle = new GuessThrottle();
  }

  /** For tests without a container. */
  Accounts(Path dataRoot, String adminToken) {
    this(dataRoot, adminToken, new GuessThrottle());
  }

  /** For tests without a container, with a throttle on the test's clock. */
  Accounts(Path dataRoot, String adminToken, GuessThrottle adminThrottle) {
    this.dataRoot = dataRoot.toString();
    this.adminToken = Optional.ofNullable(adminToken);
    this.adminThrottle = adminThrottle;
    start();
  }

  @PostConstruct
  void start() {
    String token = adminToken.map(String::strip).orElse("");
    if (token.length() < MIN_ADMIN_TOKEN_LENGTH) {
      throw new IllegalStateException(
          "paramant.admin-token (ADMIN_TOKEN) must be set to at least "
              + MIN_ADMIN_TOKEN_LENGTH
              + " characters");
    }
    adminTokenDigest = sha256(token);
    usersFile = Path.of(dataRoot).resolve("users.json");
    reloadIfChanged();
  }

  /** Picks up a changed users.json; runs every second. */
  @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
  public void reloadIfChanged() {
    Object version = versionOf(usersFile);
    if (state != null && Objects.equals(version, loadedVersion)) {
      return;
    }
    try {
      load(version);
    } catch (UsersFileException e) {
      loadedVersion = version; // do not log the same broken file every second
      LOG.log(
          Level.WARNING,
          "Refusing {0}, keeping the previous accounts: {1}",
          usersFile,
          e.getMessage());
    }
  }

  /**
   * Reads users.json now.
   *
   * @return the state now in force
   * @throws InvalidInputException {@code users_file_invalid} when the file is refused (previous
   *     state kept)
   */
  public UsersState reload() {
    try {
      return describe(load(versionOf(usersFile)));
    } catch (UsersFileException e) {
      LOG.log(
          Level.WARNING,
          "Refusing {0}, keeping the previous accounts: {1}",
          usersFile,
          e.getMessage());
      throw new InvalidInputException(
          "users_file_invalid", "users.json was refused: " + e.getMessage());
    }
  }

  /**
   * Reads the file's bytes once, then digests and parses exactly those bytes, so that the digest
   * always names the accounts in force.
   */
  private synchronized State load(Object version) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(usersFile);
    } catch (NoSuchFileException absent) {
      bytes = null;
    } catch (IOException e) {
      throw new UsersFileException("cannot read " + usersFile + ": " + e.getMessage(), e);
    }
    State loaded;
    if (bytes == null) {
      if (state != null) {
        throw new UsersFileException(usersFile + " disappeared");
      }
      LOG.log(Level.INFO, "No {0} yet: no API key is accepted until it exists", usersFile);
      loaded = new State(Map.of(), null, Instant.now());
    } else {
      Map<String, Known> parsed = parse(bytes);
      loaded = new State(parsed, HexFormat.of().formatHex(sha256(bytes)), Instant.now());
    }
    State previous = state;
    state = loaded;
    if (changes != null) {
      changes.fire(new AccountsChanged());
    }
    if (audited != null && previous != null) {
      java.util.Set<String> stillActive = activeLabels(loaded);
      for (String label : activeLabels(previous)) {
        if (!stillActive.contains(label)) {
          audited.fire(
              new Audited(label, "revocation", "account", null, loaded.loadedAt().toEpochMilli()));
        }
      }
    }
    loadedVersion = version;
    LOG.log(
        Level.INFO,
        "Loaded {0} accounts from {1} (SHA-256 {2})",
        loaded.users().size(),
        usersFile,
        loaded.sha256() == null ? "none: no file" : loaded.sha256());
    return loaded;
  }

  /**
   * The accounts of users.json, read by its one codec ({@link UsersJson}, accounts module), which
   * refuses the whole file for one bad entry.
   *
   * @return entries keyed by the lowercase hex SHA-256 of their API key
   * @throws UsersFileException naming the offending entry by label or position
   */
  private static Map<String, Known> parse(byte[] bytes) {
    List<UsersJson.Entry> entries;
    try {
      entries = UsersJson.read(bytes);
    } catch (InvalidUsersFile e) {
      throw new UsersFileException(e.getMessage());
    }
    Map<String, Known> byDigest = new HashMap<>();
    for (UsersJson.Entry entry : entries) {
      User user = entry.user();
      Account account =
          new Account(
              user.label(), entry.plan(), user.email(), user.active(), user.team(), user.created());
      byDigest.put(
          entry.keySha256(), new Known(account, HexFormat.of().parseHex(entry.keySha256())));
    }
    return Map.copyOf(byDigest);
  }

  private static java.util.Set<String> activeLabels(State state) {
    java.util.Set<String> labels = new java.util.HashSet<>();
    for (Known known : state.users().values()) {
      if (known.account().active()) {
        labels.add(known.account().label());
      }
    }
    return labels;
  }

  /** Which users.json is in force, and how many accounts it has. */
  public UsersState state() {
    State current = state;
    if (current == null) {
      throw new IllegalStateException("accounts are not loaded yet");
    }
    return describe(current);
  }

  private static UsersState describe(State state) {
    int active = (int) state.users().values().stream().filter(e -> e.account().active()).count();
    return new UsersState(state.sha256(), state.users().size(), active, state.loadedAt());
  }

  /** The team of {@code caller} as users.json has it now ({@link Team#of}). */
  public Team teamOf(Account caller) {
    State current = state;
    return Team.of(
        caller,
        current == null
            ? List.of()
            : current.users().values().stream().map(Known::account).toList());
  }

  /**
   * The active account that owns {@code apiKey}.
   *
   * @throws AuthenticationException for a missing, unknown, revoked or {@code plk_} key
   */
  public Account authenticate(String apiKey) {
    if (apiKey == null || apiKey.isEmpty()) {
      throw AuthenticationException.missingKey();
    }
    if (apiKey.startsWith(LICENCE_KEY_PREFIX)) {
      throw AuthenticationException.licenceKey();
    }
    return find(apiKey).orElseThrow(AuthenticationException::invalidKey);
  }

  /** The active account of {@code apiKey}, if any; {@code plk_} keys never match. */
  public Optional<Account> find(String apiKey) {
    State current = state;
    if (apiKey == null || apiKey.startsWith(LICENCE_KEY_PREFIX) || current == null) {
      return Optional.empty();
    }
    byte[] digest = sha256(apiKey);
    Known entry = current.users().get(HexFormat.of().formatHex(digest));
    if (entry == null
        || !MessageDigest.isEqual(entry.keyDigest(), digest)
        || !entry.account().active()) {
      return Optional.empty();
    }
    return Optional.of(entry.account());
  }

  /**
   * Checks an admin bearer token from the client at {@code address}, slowed down like the admin
   * console's sign-in ({@link GuessThrottle}): the comparison is in constant time (SHA-256 digests,
   * {@link MessageDigest#isEqual}), and while the address must wait, no token is compared at all.
   *
   * @param address the client's address (the unit the slow-down applies to)
   * @throws AuthenticationException {@code invalid_admin_token} when the token is missing or wrong
   *     (one of the free failures)
   * @throws RateLimitedException {@code too_many_attempts} with the wait, when the address must
   *     wait: before this attempt (the token was not looked at) or after it (it was wrong)
   */
  public void verifyAdmin(String address, String bearerToken) {
    GuessThrottle.Verdict verdict =
        adminThrottle.attempt(
            address,
            () ->
                bearerToken != null
                    && MessageDigest.isEqual(sha256(bearerToken), adminTokenDigest));
    switch (verdict.outcome()) {
      case ACCEPTED:
        return;
      case THROTTLED:
        throw tooManyAttempts(verdict.retryAfter());
      default:
        LOG.log(Level.WARNING, "Wrong admin token on /v2/admin from {0}", address);
        if (verdict.retryAfter().isZero()) {
          throw AuthenticationException.invalidAdminToken();
        }
        throw tooManyAttempts(verdict.retryAfter());
    }
  }

  private static RateLimitedException tooManyAttempts(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new RateLimitedException(
        "too_many_attempts",
        (int) seconds,
        "Too many admin attempts from this address (wrong tokens, or too many at once); try again in "
            + seconds
            + " s.");
  }

  /** Whether the account {@code label} exists and is active now. */
  public boolean isActive(String label) {
    return activeAccount(label).isPresent();
  }

  /** The account labelled {@code label} as users.json has it now, if it exists and is active. */
  public Optional<Account> activeAccount(String label) {
    State current = state;
    if (current == null) {
      return Optional.empty();
    }
    return current.users().values().stream()
        .map(Known::account)
        .filter(a -> a.label().equals(label) && a.active())
        .findFirst();
  }

  /** Whether users.json lists an account labelled {@code label}, active or not. */
  public boolean labelExists(String label) {
    State current = state;
    return current != null
        && current.users().values().stream().anyMatch(e -> e.account().label().equals(label));
  }

  /** Whether a users state is in force (an absent file counts as an empty one). */
  public boolean loaded() {
    return state != null;
  }

  private static Object versionOf(Path file) {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.lastModifiedTime(), a.size(), Objects.requireNonNullElse(a.fileKey(), ""));
    } catch (IOException absent) {
      return "absent";
    }
  }

  private static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }
}
