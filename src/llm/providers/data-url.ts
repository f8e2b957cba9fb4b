/**
 * A `data:<media>[;params];base64,<data>` URL split into its media type (lower case) and base64 payload;
 * undefined for any other URL (an `https:` image, a data: URL that is not base64). One parser for every codec
 * that turns OpenAI's `image_url` into a provider's inline image.
 */
export function parseDataUrl(url: string): { readonly mediaType: string; readonly data: string } | undefined {
  const m = /^data:([^;,]+)((?:;[^;,]*)*);base64,/i.exec(url);
  if (m === null) return undefined;
  return { mediaType: (m[1] as string).toLowerCase(), data: url.slice(m[0].length) };
}
