import { describe, expect, it } from 'vitest';
import { basename, formatBytes, joinPath, parentOf } from './common';

describe('paths', () => {
  it('basename is the last part of a path', () => {
    expect(basename('/Users/a/etl')).toBe('etl');
    expect(basename('etl')).toBe('etl');
    expect(basename('/dir/')).toBe('');
  });

  it('parentOf is the folder a path is in, / at the top', () => {
    expect(parentOf('/Users/a/etl')).toBe('/Users/a');
    expect(parentOf('/Users')).toBe('/');
    expect(parentOf('/')).toBe('/');
    expect(parentOf('x')).toBe('/');
  });

  it('joinPath puts a name in a folder without a double slash', () => {
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/Users/a', 'b')).toBe('/Users/a/b');
  });
});

describe('formatBytes', () => {
  it('writes bytes, then binary units with one decimal below 10', () => {
    expect(formatBytes(undefined)).toBe('');
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(20 * 1024)).toBe('20 KB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GB');
    expect(formatBytes(2048 * 1024 ** 4)).toBe('2048 TB');
  });
});
