import { describe, expect, it } from 'vitest';
import { bedrockExceptionError, decodeBedrockError } from './error.js';

describe('decodeBedrockError', () => {
  it.each([
    [400, '{"message":"Malformed input request"}', 400, 'invalid_request_error', 'Malformed input request'],
    [403, '{"message":"You don\'t have access to the model with the specified model ID."}', 403, 'permission_error', "You don't have access to the model with the specified model ID."],
    [403, '{"message":"The request signature we calculated does not match the signature you provided."}', 403, 'authentication_error', 'The request signature we calculated does not match the signature you provided.'],
    [403, '{"Message":"The security token included in the request is invalid."}', 403, 'authentication_error', 'The security token included in the request is invalid.'],
    [404, '{"message":"Model not found"}', 404, 'not_found_error', 'Model not found'],
    [408, '{"message":"Model has timed out"}', 408, 'timeout', 'Model has timed out'],
    [424, '{"message":"Model error"}', 424, 'server_error', 'Model error'],
    [429, '{"message":"Too many requests, please wait before trying again."}', 429, 'rate_limit_error', 'Too many requests, please wait before trying again.'],
    [503, '{"message":"Service unavailable"}', 503, 'server_error', 'Service unavailable'],
    [502, '<html>bad gateway</html>', 502, 'server_error', 'Bedrock answered 502: <html>bad gateway</html>'],
  ])('maps %i %s', (status, body, http, type, message) => {
    expect(decodeBedrockError(status, body)).toEqual({ status: http, type, message });
  });

  it('types stream exceptions by name, either spelling', () => {
    expect(bedrockExceptionError('throttlingException', 'slow')).toEqual({ status: 429, type: 'rate_limit_error', message: 'slow' });
    expect(bedrockExceptionError('ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/', 'bad')).toEqual({ status: 400, type: 'invalid_request_error', message: 'bad' });
    expect(bedrockExceptionError('modelStreamErrorException', 'boom')).toEqual({ status: 424, type: 'server_error', message: 'boom' });
    expect(bedrockExceptionError('somethingNew', 'x')).toEqual({ status: 502, type: 'server_error', message: 'x' });
  });
});
