import { describe, expect, it } from 'vitest';
import { cellText, numericColumns, stripAnsi, toCsv } from './ResultView';

describe('cellText', () => {
  it('shows null and missing values as null, objects as JSON, the rest as text', () => {
    expect(cellText(null)).toBe('null');
    expect(cellText(undefined)).toBe('null');
    expect(cellText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(cellText([1, 'x'])).toBe('[1,"x"]');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(true)).toBe('true');
  });
});

describe('toCsv', () => {
  it('writes a header line and one line per row, ending with a newline', () => {
    expect(toCsv(['a', 'b'], [[1, 'x'], [2, 'y']])).toBe('a,b\n1,x\n2,y\n');
  });

  it('quotes fields with commas, quotes or line breaks, doubling the quotes', () => {
    expect(toCsv(['v'], [['a,b'], ['say "hi"'], ['two\nlines'], ['cr\r']])).toBe('v\n"a,b"\n"say ""hi"""\n"two\nlines"\n"cr\r"\n');
  });

  it('writes null as an empty field and nested values as JSON', () => {
    expect(toCsv(['n', 'o'], [[null, { k: 1 }]])).toBe('n,o\n,"{""k"":1}"\n');
  });

  it('quotes column names like fields', () => {
    expect(toCsv(['a,b'], [])).toBe('"a,b"\n');
  });
});

describe('stripAnsi', () => {
  it('removes terminal colours and keeps the text', () => {
    expect(stripAnsi('\x1b[0;31mValueError\x1b[0m: bad')).toBe('ValueError: bad');
    expect(stripAnsi('plain')).toBe('plain');
  });
});

describe('numericColumns', () => {
  it('takes columns of Spark numeric types', () => {
    const schema = ['string', 'int', 'bigint', 'double', 'decimal(10,2)', 'date', 'float', 'tinyint', 'smallint', 'long'].map((type, i) => ({
      name: `c${i}`,
      type,
    }));
    expect(numericColumns(schema, [])).toEqual([1, 2, 3, 4, 6, 7, 8, 9]);
  });

  it('judges columns without a type name by what they hold', () => {
    const schema = [{ name: 'a' }, { name: 'b', type: { type: 'struct' } }];
    expect(numericColumns(schema, [['x', 1], ['y', null]])).toEqual([1]);
    expect(numericColumns(schema, [['x', 'y']])).toEqual([]);
  });
});
