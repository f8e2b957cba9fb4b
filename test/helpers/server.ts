import { ConfigSchema } from '../../src/config/schema.js';
import { createApp } from '../../src/server/app.js';
import { createRuntime, type Runtime } from '../../src/server/runtime.js';

/** A running gateway for an end-to-end test: its runtime, its base URL, and one call that stops both. */
export interface TestServer {
  readonly rt: Runtime;
  readonly base: string;
  close(): Promise<void>;
}

/** Starts the real app on 127.0.0.1 and a free port, from configuration as a user would write it. */
export async function startServer(config: Record<string, unknown>): Promise<TestServer> {
  const created = await createRuntime(ConfigSchema.parse(config));
  if (!created.ok) throw new Error(created.error.join('\n'));
  const rt = created.value;
  const app = createApp(rt);
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    rt,
    base,
    async close() {
      await app.close();
      await rt.close();
    },
  };
}
