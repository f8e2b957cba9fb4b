import type { ServerResponse } from 'node:http';
import { startSse } from './recording-server.js';

/**
 * Ways a scripted provider can fail a request, to test gateways against them:
 * `hang` sends nothing at all (a timeout); `cut` starts the stream, sends `frames`, then resets the connection;
 * `hold` starts the stream, sends `frames`, then keeps it open until the client goes away; `reset` closes the
 * connection before any answer (a crashed or restarting server); `cut-early` starts the stream and resets it
 * before its first event is complete.
 */
export type Misbehaviour = 'hang' | 'cut' | 'hold' | 'reset' | 'cut-early';

/** Plays a misbehaviour; `onClose` fires when the client side of the connection closes. */
export function misbehave(res: ServerResponse, how: Misbehaviour, frames: readonly string[], onClose?: () => void): void {
  if (onClose !== undefined) res.on('close', onClose);
  if (how === 'hang') return;
  if (how === 'reset') {
    res.socket?.destroy();
    return;
  }
  startSse(res);
  if (how === 'cut-early') {
    // An SSE comment line, no blank line after it: bytes arrived, no event did.
    res.write(':\n', () => res.socket?.destroy());
    return;
  }
  // The reset comes once the frames are on the wire, so the client sees a stream that started, then broke.
  res.write(frames.join(''), () => {
    if (how === 'cut') res.socket?.destroy();
  });
}
