/** A `data:<media>;base64,<data>` URL split into its media type and base64 payload; undefined for any other URL. */
export function parseDataUrl(url: string): { readonly mediaType: string; readonly data: string } | undefined {
  const m = /^data:([^;,]+)((?:;[^;,]*)*);base64,/i.exec(url);
  if (m === null) return undefined;
  return { mediaType: (m[1] as string).toLowerCase(), data: url.slice(m[0].length) };
}
