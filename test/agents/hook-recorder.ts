import { sendJson, startRecordingServer, type FakeServer } from '../fakes/recording-server.js';

/** One hook event as the recorder got it. */
export interface RecordedHook {
  readonly agent: string;
  /** `command`: sent by the recorder program the installed command ran; `http`: POSTed by the agent itself. */
  readonly via: 'command' | 'http';
  /** The fail mode the installed command carries (command hooks only). */
  readonly fail: string | undefined;
  readonly event: string;
  readonly payload: Record<string, unknown>;
}

/** How the recorder answers one hook: the body the agent reads, and for command hooks an exit code and stderr. */
export interface HookReply {
  readonly status?: number;
  readonly body?: unknown;
  readonly exit?: number;
  readonly stderr?: string;
}

/** A running hook recorder: the URL to install as `--server`, the hooks it saw, a way to stop it. */
export interface HookRecorder {
  readonly url: string;
  readonly hooks: RecordedHook[];
  readonly server: FakeServer;
  close(): Promise<void>;
}

/**
 * Stands in for the Rampart server's `POST /v1/hooks/<agent>` in harness runs: records every hook event and
 * answers with `reply` (default `{}`, which every agent reads as "go on").
 */
export async function startHookRecorder(reply: (hook: RecordedHook) => HookReply = () => ({})): Promise<HookRecorder> {
  const hooks: RecordedHook[] = [];
  const server = await startRecordingServer((req, res) => {
    const m = /^\/v1\/hooks\/([a-z-]+)$/.exec(req.path);
    if (req.method !== 'POST' || m === null || typeof req.body !== 'object' || req.body === null) {
      sendJson(res, 400, { error: 'not a hook event' });
      return;
    }
    const payload = req.body as Record<string, unknown>;
    const via = req.headers['x-hook-via'] === 'command' ? 'command' : 'http';
    const failHeader = req.headers['x-hook-fail'];
    const hook: RecordedHook = {
      agent: m[1] as string,
      via,
      fail: typeof failHeader === 'string' ? failHeader : undefined,
      event: typeof payload['hook_event_name'] === 'string' ? payload['hook_event_name'] : typeof payload['hookEventName'] === 'string' ? payload['hookEventName'] : '?',
      payload,
    };
    hooks.push(hook);
    const r = reply(hook);
    const headers: Record<string, string> = {};
    if (r.exit !== undefined) headers['x-recorder-exit'] = String(r.exit);
    if (r.stderr !== undefined) headers['x-recorder-stderr'] = encodeURIComponent(r.stderr);
    sendJson(res, r.status ?? 200, r.body ?? {}, headers);
  });
  return { url: server.url, hooks, server, close: () => server.close() };
}
