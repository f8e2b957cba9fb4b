const written = new WeakMap<object, string>();

/**
 * `JSON.stringify(result)`, once per result object: a call's audit row hashes the upstream's result, and when
 * that same object is the answer (nothing redacted), the JSON fast paths send it without writing it again,
 * which for a large result is the larger part of the gateway's own work on it. Results are never changed
 * once received (redaction makes a new object), so the text stays the object's.
 */
export function resultJson(result: object): string {
  let json = written.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    written.set(result, json);
  }
  return json;
}

/** A JSON-RPC result response as `JSON.stringify` writes `{ jsonrpc: '2.0', id, result }`. */
export function resultResponseJson(id: string | number, result: object): string {
  return `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":${resultJson(result)}}`;
}
