import type { Readable } from 'node:stream';

/**
 * Reads a body up to `max` bytes; undefined when it is larger, the stream then destroyed (an upstream reply)
 * or left as it is (`keep`: a request still to be answered 413). Listens for `data` and `end` rather than
 * iterating: an async iterator costs a promise per chunk and its own bookkeeping, and every model request and
 * reply goes through here. Rejects with the stream's error, or when it closes before its end.
 */
export function readBounded(body: Readable, max: number, onOverflow: 'destroy' | 'keep' = 'destroy'): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size <= max) {
        parts.push(c);
        return;
      }
      done();
      if (onOverflow === 'destroy') body.destroy();
      resolve(undefined);
    };
    const onEnd = (): void => {
      done();
      resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts));
    };
    const onError = (e: Error): void => {
      done();
      reject(e);
    };
    // A stream that closes without `end` or an error must not leave the caller waiting (as iterating it would).
    const onClose = (): void => {
      done();
      reject(prematureClose());
    };
    const done = (): void => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.off('close', onClose);
    };
    if (body.readableEnded) return resolve(Buffer.alloc(0));
    if (body.destroyed) return reject(prematureClose());
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** What Node's stream helpers throw for a stream that closed before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** Parses JSON text into an object; undefined when it is not a JSON object. */
export function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
