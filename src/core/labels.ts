/**
 * Labels that travel with content through a session (DESIGN.md §3).
 *
 * Integrity answers "who could have written this": the user and the operator are trusted; anything a third
 * party could have authored (a web page, an email, a CRM record, an issue) is untrusted.
 * Confidentiality answers "who may read this".
 */
export const INTEGRITY = ['trusted', 'untrusted'] as const;
export type Integrity = (typeof INTEGRITY)[number];

export const CONFIDENTIALITY = ['public', 'internal', 'secret'] as const;
export type Confidentiality = (typeof CONFIDENTIALITY)[number];

/** The pair of labels carried by one piece of content. */
export interface Labels {
  readonly integrity: Integrity;
  readonly confidentiality: Confidentiality;
}

/**
 * What a tool can do, derived from configuration, then MCP annotations, then name and description.
 * A tool may hold several classes; an unknown tool holds the pessimistic set (DESIGN.md §3).
 */
export const CAPABILITIES = [
  'reads-private', // returns data the user would not publish: mail, files, accounts, records
  'reads-untrusted', // returns content a third party could have written
  'writes', // changes state the user owns
  'sends-out', // moves data or value to someone else: email, message, payment, upload, share
  'executes', // runs code or commands
  'destroys', // deletes or irreversibly overwrites
] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Classes that make a call consequential: something happens in the world when it runs. */
export const CONSEQUENTIAL: ReadonlySet<Capability> = new Set(['writes', 'sends-out', 'executes', 'destroys']);
