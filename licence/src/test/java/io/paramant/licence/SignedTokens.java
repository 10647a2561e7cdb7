package io.paramant.licence;

/**
 * Tokens the vendor's issuer (licence-tool) signed once, fixed here so that this module tests its
 * verifier without the issuer: the product side never depends on the vendor side, not even in
 * tests. The round trips over fresh keys and any payload are in licence-tool's tests.
 */
final class SignedTokens {

  /** The public key (X.509, base64) the tokens below verify against. */
  static final String VENDOR_PUBLIC_KEY =
      "MCowBQYDK2VwAyEAX5DwUSeaEnJtQostFDJxVJGfcIylbd4O2cRmm73FyAc=";

  /** To ACME GmbH, 50 users, issued 2026-12-07T03:55:09Z, expires 2099-01-01T00:00:00Z. */
  static final String ACME =
      "plk_eyJ2IjoxLCJpZCI6IjVjM2FhN2I4LWRjZDgtNDJjMS05MDc3LTlkNmFiNTcyNzFjOCIsInRvIjoiQUNNRSBHbWJIIiwia"
          + "WF0IjoiMjAyNi0xMi0wN1QwMzo1NTowOVoiLCJleHAiOiIyMDk5LTAxLTAxVDAwOjAwOjAwWiIsIm1heF91c2VycyI6NTB9"
          + ".1z4TLaixS18gdtvcwXwjRwW2JYQZ-xz6xwly9pV9befrLCwtLCdFKCAWeZN4CCx2XlBA3I7v9LXLJEtFUSFkBQ";

  /** The same licence terms, signed by another key than {@link #VENDOR_PUBLIC_KEY}'s. */
  static final String OTHER_KEY =
      "plk_eyJ2IjoxLCJpZCI6IjZjOThhNDhkLWQ5YzMtNDI1YS04OTUxLTlmN2MyNmYwOWQxNSIsInRvIjoiQUNNRSBHbWJIIiwia"
          + "WF0IjoiMjAyNi0xMi0wN1QwMzo1NTowOVoiLCJleHAiOiIyMDk5LTAxLTAxVDAwOjAwOjAwWiIsIm1heF91c2VycyI6NTB9"
          + ".a9xeIgVHOq4HXVcPUYcXZChG61Hy6XTtn9TNTqaMtE8nVwSTEKGn6hq4sTylBKTNDFIEVfuxCuqv-eqWBZ66Dw";

  private SignedTokens() {}
}
