import { describe, expect, it } from 'vitest';
import { ApiError, base64Decode, base64Encode, describe as describeError, utf8Decode, utf8Encode } from './api';

describe('ApiError', () => {
  it('reads as "ERROR_CODE: message", as the CLI prints it', () => {
    const e = new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', 'Job 7 does not exist.');
    expect(e.plain).toBe('RESOURCE_DOES_NOT_EXIST: Job 7 does not exist.');
    expect(e.status).toBe(404);
    expect(e).toBeInstanceOf(Error);
  });
});

describe('describe', () => {
  it('tells any failure in one line', () => {
    expect(describeError(new ApiError(400, 'INVALID_PARAMETER_VALUE', 'bad'))).toBe('INVALID_PARAMETER_VALUE: bad');
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError('plain')).toBe('plain');
    expect(describeError(42)).toBe('42');
  });
});

describe('base64 and UTF-8', () => {
  it('encodes bytes as the API does', () => {
    expect(base64Encode(new Uint8Array([0, 1, 2, 253, 254, 255]))).toBe('AAEC/f7/');
    expect(base64Encode(new Uint8Array())).toBe('');
  });

  it('decodes what it encodes, also past the 32 KB chunk it encodes at once', () => {
    const big = new Uint8Array(0x8000 * 2 + 7).map((_, i) => (i * 31) % 256);
    expect(base64Decode(base64Encode(big))).toEqual(big);
  });

  it('carries text as UTF-8', () => {
    expect(utf8Encode('é✓')).toBe('w6ninJM=');
    expect(utf8Decode('w6ninJM=')).toBe('é✓');
    expect(utf8Decode(utf8Encode('数据 and 🔥'))).toBe('数据 and 🔥');
  });
});
