const encoder = new TextEncoder();
let codeBuffer = new Uint8Array(4096);

/**
 * The text's char codes as bytes, any non-ASCII char as 128, in a buffer shared by every caller and
 * overwritten by the next call (detectors are synchronous: read it before calling again). A typed array reads
 * several times faster than `charCodeAt` on the concatenated strings tool output often is; an ASCII text (the
 * usual case) is copied by one `encodeInto`. The buffer keeps the size of the longest text scanned (at most a
 * detector's 1 MiB bound).
 */
export function asciiCodes(text: string): Uint8Array {
  if (codeBuffer.length < text.length) codeBuffer = new Uint8Array(Math.max(text.length, codeBuffer.length * 2));
  const { read, written } = encoder.encodeInto(text, codeBuffer);
  if (read === text.length && written === text.length) return codeBuffer; // all ASCII: bytes are the char codes
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    codeBuffer[i] = c < 128 ? c : 128;
  }
  return codeBuffer;
}
