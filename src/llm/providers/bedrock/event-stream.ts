import { EventStreamCodec, type Message } from '@smithy/core/event-streams';
import { fromUtf8, toUtf8 } from '@smithy/core/serde';
import { ERROR_CODES } from '../../../core/index.js';
import { chatFailure } from '../chat-error.js';
import { FailureLatch } from '../failure-latch.js';

export type { Message as EventStreamMessage } from '@smithy/core/event-streams';

/** Largest message accepted; Bedrock's events are small (a tool call's input arrives in many deltas). */
export const MAX_EVENT_BYTES = 8 * 1024 * 1024;
/** Prelude (total length, headers length, prelude CRC) and message CRC: the size of an empty message. */
const MIN_MESSAGE_BYTES = 16;

/** The AWS SDK's own event-stream codec: it checks both CRC32s and parses the typed headers. */
const CODEC = new EventStreamCodec(toUtf8, fromUtf8);

/**
 * Splits AWS event-stream bytes (`application/vnd.amazon.eventstream`) into messages, whatever the byte
 * splits: each message's total length is read from its prelude, the message is gathered into a buffer of
 * exactly that size (bounded by `max`), then decoded and CRC-checked by smithy's EventStreamCodec. A length
 * out of bounds or a CRC mismatch is a ChatFailure (502): the stream cannot be resynchronised. By the
 * `FailureLatch` convention, the messages framed before it are returned first and the failure is thrown by the
 * next call (`push` or `check`).
 * @see https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream
 */
export class EventStreamFramer {
  readonly #max: number;
  readonly #prelude = new Uint8Array(4);
  #preludeFill = 0;
  #message: Uint8Array | undefined;
  #fill = 0;
  readonly #latch = new FailureLatch();

  constructor(max = MAX_EVENT_BYTES) {
    this.#max = max;
  }

  push(bytes: Uint8Array): Message[] {
    this.#latch.check();
    const out: Message[] = [];
    try {
      this.#frame(bytes, out);
    } catch (e) {
      return this.#latch.hold(out, e);
    }
    return out;
  }

  /** Throws a failure met after the messages the last `push` returned. */
  check(): void {
    this.#latch.check();
  }

  #frame(bytes: Uint8Array, out: Message[]): void {
    let at = 0;
    while (at < bytes.length) {
      if (this.#message === undefined) {
        const take = Math.min(4 - this.#preludeFill, bytes.length - at);
        this.#prelude.set(bytes.subarray(at, at + take), this.#preludeFill);
        this.#preludeFill += take;
        at += take;
        if (this.#preludeFill < 4) break;
        const total = new DataView(this.#prelude.buffer).getUint32(0, false);
        if (total < MIN_MESSAGE_BYTES || total > this.#max) throw chatFailure({ status: ERROR_CODES.UPSTREAM_ERROR.http, type: ERROR_CODES.UPSTREAM_ERROR.openai, message: `Bedrock event-stream message of ${total} bytes is out of bounds` });
        this.#message = new Uint8Array(total);
        this.#message.set(this.#prelude, 0);
        this.#fill = 4;
        this.#preludeFill = 0;
      }
      const msg = this.#message;
      const take = Math.min(msg.length - this.#fill, bytes.length - at);
      msg.set(bytes.subarray(at, at + take), this.#fill);
      this.#fill += take;
      at += take;
      if (this.#fill === msg.length) {
        this.#message = undefined;
        this.#fill = 0;
        try {
          out.push(CODEC.decode(msg));
        } catch (e) {
          throw chatFailure({ status: ERROR_CODES.UPSTREAM_ERROR.http, type: ERROR_CODES.UPSTREAM_ERROR.openai, message: `Bedrock event-stream message is corrupt: ${(e as Error).message}` });
        }
      }
    }
  }

  /** Bytes of a message begun but not finished (a stream cut mid-message). */
  pending(): number {
    return this.#preludeFill + this.#fill;
  }
}

/** A string header of a message (`:event-type`, `:message-type`…), or undefined. */
export function stringHeader(m: Message, name: string): string | undefined {
  const h = m.headers[name];
  return h?.type === 'string' ? h.value : undefined;
}

/** Encodes one message: what the fake Bedrock server sends, with the same codec. */
export function encodeEventStreamMessage(m: Message): Uint8Array {
  return CODEC.encode(m);
}
