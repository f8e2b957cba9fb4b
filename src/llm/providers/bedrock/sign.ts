import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ProviderRequest } from '../../canonical/chat.js';

/** AWS credentials: a long-term key pair, or temporary ones with their session token. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What signing a Bedrock request needs besides the request itself. */
export interface BedrockSigning extends AwsCredentials {
  /** e.g. `us-east-1`. */
  readonly region: string;
  /** The authority the request goes to, as the `Host` header will say it: `bedrock-runtime.us-east-1.amazonaws.com`. */
  readonly host: string;
  /** The signing time; default now. Injected by tests (known-answer vectors) and by the fake's verifier. */
  readonly now?: Date;
}

/** One request to sign with SigV4 for any service; `path` may carry a query. */
export interface SigV4Request {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The SHA-256 the AWS SDK itself uses on Node (node:crypto behind smithy's Hash interface). */
const SHA256 = Hash.bind(null, 'sha256');

function queryOf(path: string): { readonly path: string; readonly query: Record<string, string | string[]> } {
  const q = path.indexOf('?');
  if (q < 0) return { path, query: {} };
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(path.slice(q + 1))) {
    const had = query[k];
    query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
  }
  return { path: path.slice(0, q), query };
}

/**
 * SigV4-signs a request with the AWS SDK's own signer (@smithy/signature-v4) and returns every header to
 * send: the request's, `host`, `x-amz-date`, `x-amz-security-token` for temporary credentials, and
 * `authorization`. The path is signed as sent (the signer encodes it once more, as SigV4 wants for every
 * service but S3), so it must go on the wire unchanged, and so must every returned header.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
 */
export async function sigV4Headers(req: SigV4Request, o: AwsCredentials & { readonly service: string; readonly region: string; readonly host: string; readonly now?: Date }): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    service: o.service,
    region: o.region,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey, ...(o.sessionToken === undefined ? {} : { sessionToken: o.sessionToken }) },
    sha256: SHA256,
    // No x-amz-content-sha256 header: only S3 needs it; the payload hash is in the signature either way.
    applyChecksum: false,
  });
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
  headers['host'] = o.host;
  const { path, query } = queryOf(req.path);
  const signed = await signer.sign({ method: req.method, protocol: 'https:', hostname: o.host, path, query, headers, body: req.body }, { signingDate: o.now ?? new Date() });
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(signed.headers)) out[k.toLowerCase()] = v;
  return out;
}

/**
 * The headers to send with a Bedrock Runtime request built by the Bedrock codec (a POST), SigV4-signed for
 * the `bedrock` service in the given region.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
 */
export function signBedrock(req: ProviderRequest, o: BedrockSigning): Promise<Record<string, string>> {
  return sigV4Headers({ method: 'POST', path: req.path, headers: req.headers, body: req.body }, { ...o, service: 'bedrock' });
}

/** The default Bedrock Runtime authority of a region. */
export function bedrockRuntimeHost(region: string): string {
  return `bedrock-runtime.${region}.amazonaws.com`;
}
