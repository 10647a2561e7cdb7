/**
 * Files that only their owner may read: device keys, partly received plaintext and receive
 * journals.
 *
 * <p>Permissions are set atomically with creation ({@code open(2)}/{@code mkdir(2)} mode, further
 * narrowed by the umask), never by a later {@code chmod}, so there is no moment at which another
 * user could open the file. On file systems without POSIX permissions (Windows) files get the
 * default ACL of their directory, which for a user's profile is private to that user.
 */
package io.paramant.client.internal.storage;
