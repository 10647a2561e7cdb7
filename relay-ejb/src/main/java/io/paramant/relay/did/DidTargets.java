package io.paramant.relay.did;

/**
 * Whether a request target is normalised, so that the target a device signed is the route the relay
 * serves (docs/did.md): the path starts with {@code /}, has no empty, {@code .} or {@code ..}
 * segment, and holds only {@code A-Z a-z 0-9 - . _ ~ : @ /} and {@code %XX} escapes (upper-case
 * hex) of characters that are not unreserved; the query, when there is one, holds only those
 * characters and {@code = & + , ; ! $ ' ( ) * ?}.
 */
final class DidTargets {

  private DidTargets() {}

  static boolean isNormalised(String target) {
    if (target == null || !target.startsWith("/")) {
      return false;
    }
    int question = target.indexOf('?');
    String path = question < 0 ? target : target.substring(0, question);
    if (!validEscapesAndChars(path, false)) {
      return false;
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return question < 0 || validEscapesAndChars(target.substring(question + 1), true);
  }

  private static boolean validEscapesAndChars(String text, boolean query) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        if (i + 2 >= text.length()) {
          return false;
        }
        int high = upperHex(text.charAt(i + 1));
        int low = upperHex(text.charAt(i + 2));
        if (high < 0 || low < 0 || isUnreserved((char) (high * 16 + low))) {
          return false;
        }
        i += 2;
      } else if (!(isUnreserved(c) || c == ':' || c == '@' || c == '/' || query && isSubDelim(c))) {
        return false;
      }
    }
    return true;
  }

  private static boolean isUnreserved(char c) {
    return c >= 'A' && c <= 'Z'
        || c >= 'a' && c <= 'z'
        || c >= '0' && c <= '9'
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static boolean isSubDelim(char c) {
    return "=&+,;!$'()*?".indexOf(c) >= 0;
  }

  private static int upperHex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }
}
