/** The spine: types every module shares. No I/O, no runtime dependencies. */
export * from './result.js';
export * from './labels.js';
export * from './events.js';
export * from './findings.js';
export * from './decision.js';
export * from './facts.js';
export * from './detector.js';
export * from './policy.js';
export * from './errors.js';
export * from './record.js';
export * from './tool-call-audit.js';
export * from './request-log.js';
export * from './tool-pin.js';
export * from './llm-request.js';
export * from './limits.js';
export * from './spend.js';
export * from './llm-cache.js';
