package io.paramant.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.paramant.client.EnvelopeException.Reason;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one rule for a sender-chosen file name, played with names a hostile sender would choose. */
class FileInfoTest {

  static Stream<Arguments> hostileNames() {
    return Stream.of(
        Arguments.of("empty", ""),
        Arguments.of("this directory", "."),
        Arguments.of("the parent directory", ".."),
        Arguments.of("a path", "a/b"),
        Arguments.of("an absolute path", "/etc/passwd"),
        Arguments.of("a Windows path", "..\\evil.exe"),
        Arguments.of("a backslash", "a\\b"),
        Arguments.of("NUL", "report\u0000.pdf"),
        Arguments.of("a tab", "a\tb"),
        Arguments.of("a line feed (a forged second output line)", "a.txt\nreceived /etc/passwd"),
        Arguments.of("a carriage return (overwrites the line)", "evil.sh\rsafe.txt"),
        Arguments.of("an ANSI escape (colours, title, clear screen)", "a\u001b]0;owned\u0007.txt"),
        Arguments.of("DEL", "a\u007f.txt"),
        Arguments.of("C1 padding character", "a\u0080.txt"),
        Arguments.of("C1 NEL (a line break to some terminals)", "a\u0085.txt"),
        Arguments.of("C1 CSI (an escape sequence without ESC)", "a\u009b2J.txt"),
        Arguments.of("C1 APC", "a\u009f.txt"),
        Arguments.of("right-to-left override", "invoice\u202Etxt.exe"),
        Arguments.of("left-to-right embedding", "a\u202A.txt"),
        Arguments.of("right-to-left embedding", "a\u202B.txt"),
        Arguments.of("pop directional formatting", "a\u202C.txt"),
        Arguments.of("left-to-right override", "a\u202D.txt"),
        Arguments.of("left-to-right isolate", "a\u2066.txt"),
        Arguments.of("right-to-left isolate", "a\u2067.txt"),
        Arguments.of("first strong isolate", "a\u2068.txt"),
        Arguments.of("pop directional isolate", "a\u2069.txt"),
        Arguments.of("left-to-right mark", "a\u200E.txt"),
        Arguments.of("right-to-left mark", "a\u200F.txt"),
        Arguments.of("Arabic letter mark", "a\u061C.txt"),
        Arguments.of("zero-width space", "pay\u200Bpal.pdf"),
        Arguments.of("word joiner", "a\u2060.txt"),
        Arguments.of("byte-order mark", "\uFEFFa.txt"),
        Arguments.of("soft hyphen", "a\u00AD.txt"),
        Arguments.of("line separator", "a\u2028.txt"),
        Arguments.of("paragraph separator", "a\u2029.txt"),
        Arguments.of("tag character (invisible ASCII)", "a\uDB40\uDC41.txt"),
        Arguments.of("lone high surrogate", "a\uD800.txt"),
        Arguments.of("lone low surrogate", "a\uDC00.txt"),
        Arguments.of("256 UTF-8 bytes", "a".repeat(256)),
        Arguments.of("256 UTF-8 bytes of two-byte characters", "é".repeat(128)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileNames")
  void a_hostile_name_is_refused(String what, String name) {
    EnvelopeException refused =
        assertThrows(EnvelopeException.class, () -> new FileInfo(name, 1, FileInfo.DEFAULT_TYPE));

    assertEquals(Reason.UNSAFE_FILE_NAME, refused.reason(), what);
    assertEquals("file name is not a safe single path element", refused.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "report.pdf",
        ".hidden",
        "...",
        "a..b",
        "10:30 notes.txt",
        "name with spaces.txt",
        "résumé.pdf",
        "報告.pdf",
        "שלום.txt", // right-to-left letters are text, not controls
        "نامه\u200Cها.txt", // zero-width non-joiner: Persian needs it
        "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67.png", // zero-width joiners: one emoji
        "\u2764\uFE0F.txt", // a variation selector is a combining mark
      })
  void ordinary_names_in_any_script_are_kept_as_they_are(String name) {
    assertEquals(name, new FileInfo(name, 1, FileInfo.DEFAULT_TYPE).name());
  }

  @Test
  void a_name_of_exactly_255_utf8_bytes_is_kept() {
    String ascii = "a".repeat(255);
    String twoByte = "é".repeat(127) + "a";

    assertEquals(ascii, new FileInfo(ascii, 1, FileInfo.DEFAULT_TYPE).name());
    assertEquals(twoByte, new FileInfo(twoByte, 1, FileInfo.DEFAULT_TYPE).name());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "text/plain\u202E", "text/\u009Bplain", "text/plain\n", "a\uD800"})
  void a_hostile_media_type_is_refused(String type) {
    assertThrows(IllegalArgumentException.class, () -> new FileInfo("a.txt", 1, type));
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/plain; charset=utf-8", "application/vnd.oasis.opendocument.text"})
  void ordinary_media_types_are_kept(String type) {
    assertEquals(type, new FileInfo("a.txt", 1, type).type());
  }

  static Stream<Arguments> escapes() {
    return Stream.of(
        Arguments.of("report.pdf", "report.pdf"),
        Arguments.of("résumé 報告.pdf", "résumé 報告.pdf"),
        Arguments.of("invoice\u202Etxt.exe", "invoice\\u202Etxt.exe"),
        Arguments.of("a\u001b[31m\u009b2J", "a\\u001B[31m\\u009B2J"),
        Arguments.of("line\nbreak\r", "line\\u000Abreak\\u000D"),
        Arguments.of("tag\uDB40\uDC41", "tag\\U000E0041"),
        Arguments.of("a\\u202E", "a\\u005Cu202E"), // a backslash cannot pose as an escape
        Arguments.of("x\uD800", "x\\uD800"));
  }

  @ParameterizedTest
  @MethodSource("escapes")
  void a_refused_name_is_printed_escaped(String name, String printed) {
    assertEquals(printed, FileInfo.escaped(name));
  }
}
