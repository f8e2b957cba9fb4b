const encoder = new TextEncoder();
let codeBuffer = new Uint8Array(4096);
/** The text whose codes `codeBuffer` holds, so that the scans of one text in a row encode it once. */
let codedText: string | undefined;
/** Whether every char of `codedText` is ASCII. */
let codedAscii = true;

/** The code `asciiCodes` gives every non-ASCII char: callers read the real char where it matters. */
export const NON_ASCII = 128;

/**
 * The text's char codes as bytes, any non-ASCII char as 128, in a buffer shared by every caller and
 * overwritten by the next call for another text (the engine is synchronous: read it before that). A typed
 * array reads several times faster than `charCodeAt`, on concatenated strings above all; an ASCII text (the
 * usual case) is copied by one `encodeInto`. The provenance pass and the detectors read the same text in a
 * row, so a call for the text already held returns at once. The buffer keeps the size of the longest text
 * seen (at most a detector's 1 MiB bound).
 */
export function asciiCodes(text: string): Uint8Array {
  if (text === codedText) return codeBuffer;
  if (codeBuffer.length < text.length) codeBuffer = new Uint8Array(Math.max(text.length, codeBuffer.length * 2));
  const { read, written } = encoder.encodeInto(text, codeBuffer);
  codedAscii = read === text.length && written === text.length;
  if (!codedAscii) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      codeBuffer[i] = c < 128 ? c : NON_ASCII;
    }
  }
  codedText = text;
  return codeBuffer;
}

/** True when every char of `text` is ASCII: the same single encoding as `asciiCodes`, shared with it. */
export function isAscii(text: string): boolean {
  asciiCodes(text);
  return codedAscii;
}
