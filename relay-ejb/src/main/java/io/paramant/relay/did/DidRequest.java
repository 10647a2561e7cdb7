package io.paramant.relay.did;

import java.util.SortedMap;

/**
 * The parts of an HTTP request that a DID signature covers, as the request carried them
 * (docs/did.md, "DID-authenticated requests"). Header values are as sent; their form is checked by
 * {@link DidAuthentication}.
 *
 * @param did {@code X-DID}, or null when absent
 * @param timestamp {@code X-DID-Timestamp}, or null
 * @param nonce {@code X-DID-Nonce}, or null
 * @param bodySha256 {@code X-DID-Body-SHA256}, or null
 * @param signature {@code X-DID-Signature}, or null
 * @param method the HTTP method
 * @param target the raw request target: path, and {@code ?} and the query when there is one
 * @param contentType the {@code Content-Type} as sent, or null
 * @param paramantHeaders each {@code X-Paramant-*} header by its lowercase name, sorted
 * @param hasBody whether the request has a body (a positive {@code Content-Length}, or chunked)
 */
public record DidRequest(
    String did,
    String timestamp,
    String nonce,
    String bodySha256,
    String signature,
    String method,
    String target,
    String contentType,
    SortedMap<String, String> paramantHeaders,
    boolean hasBody) {}
