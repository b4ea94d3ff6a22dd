import { describe, expect, it } from 'vitest';
import type { Language } from '../workspace';
import { body, cellKind, comment, headerFor, parse, write, type Cell } from './source';

const SEP = '\n\n# COMMAND ----------\n\n';
const H = '# Databricks notebook source';

describe('comment and header', () => {
  it('uses each language its own line comment', () => {
    expect(comment('PYTHON')).toBe('#');
    expect(comment('R')).toBe('#');
    expect(comment('SQL')).toBe('--');
    expect(comment('SCALA')).toBe('//');
  });

  it('starts a SOURCE file with "<comment> Databricks notebook source"', () => {
    expect(headerFor('PYTHON')).toBe(H);
    expect(headerFor('SQL')).toBe('-- Databricks notebook source');
    expect(headerFor('SCALA')).toBe('// Databricks notebook source');
  });
});

describe('parse', () => {
  it('reads a file of just the header as a notebook without cells', () => {
    expect(parse(H, 'PYTHON')).toEqual({ cells: [], finalNewline: false });
  });

  it('reads one cell after the header', () => {
    expect(parse(`${H}\nprint(1)`, 'PYTHON').cells).toEqual([{ command: 'print(1)', title: undefined }]);
  });

  it('splits cells at the COMMAND separator', () => {
    const cells = parse(`${H}\na = 1${SEP}b = 2${SEP}c = 3`, 'PYTHON').cells.map((c) => c.command);
    expect(cells).toEqual(['a = 1', 'b = 2', 'c = 3']);
  });

  it('splits with the separator of the notebook language only', () => {
    const sql = parse('-- Databricks notebook source\nSELECT 1\n\n-- COMMAND ----------\n\nSELECT 2', 'SQL');
    expect(sql.cells.map((c) => c.command)).toEqual(['SELECT 1', 'SELECT 2']);
    // A Python separator in a SQL notebook is just text of the cell.
    expect(parse(`-- Databricks notebook source\nSELECT 1${SEP}SELECT 2`, 'SQL').cells).toHaveLength(1);
  });

  it('keeps blank lines inside a cell', () => {
    expect(parse(`${H}\na = 1\n\n\nb = 2`, 'PYTHON').cells[0].command).toBe('a = 1\n\n\nb = 2');
  });

  it('keeps a trailing newline of a plain last cell as part of its code', () => {
    const nb = parse(`${H}\nx = 1\n`, 'PYTHON');
    expect(nb.cells[0].command).toBe('x = 1\n');
    expect(nb.finalNewline).toBe(false);
  });

  it('decodes MAGIC lines into a magic command', () => {
    const nb = parse(`${H}\n# MAGIC %md\n# MAGIC # Title\n# MAGIC\n# MAGIC text`, 'PYTHON');
    expect(nb.cells[0].command).toBe('%md\n# Title\n\ntext');
  });

  it('drops the file-ending newline after a magic last cell and remembers it', () => {
    const nb = parse(`${H}\n# MAGIC %sql\n# MAGIC SELECT 1\n`, 'PYTHON');
    expect(nb.cells[0].command).toBe('%sql\nSELECT 1');
    expect(nb.finalNewline).toBe(true);
  });

  it('reads MAGIC lines that do not start with % as plain code', () => {
    const text = `${H}\n# MAGIC just a comment`;
    expect(parse(text, 'PYTHON').cells[0].command).toBe('# MAGIC just a comment');
  });

  it('reads a chunk mixing MAGIC and plain lines as plain code', () => {
    const text = `${H}\n# MAGIC %sql\nSELECT 1`;
    expect(parse(text, 'PYTHON').cells[0].command).toBe('# MAGIC %sql\nSELECT 1');
  });

  it('reads a DBTITLE line as the cell title', () => {
    const nb = parse(`${H}\n# DBTITLE 1,Load data\ndf = spark.range(3)`, 'PYTHON');
    expect(nb.cells[0]).toEqual({ command: 'df = spark.range(3)', title: 'Load data' });
  });

  it('reads a title before a magic cell', () => {
    const nb = parse(`${H}\n# DBTITLE 1,Query\n# MAGIC %sql\n# MAGIC SELECT 1`, 'PYTHON');
    expect(nb.cells[0]).toEqual({ command: '%sql\nSELECT 1', title: 'Query' });
  });

  it('ignores a blank DBTITLE and a DBTITLE with nothing after it', () => {
    expect(parse(`${H}\n# DBTITLE 1,   \nx`, 'PYTHON').cells[0]).toEqual({ command: '# DBTITLE 1,   \nx', title: undefined });
    expect(parse(`${H}\n# DBTITLE 1,Only`, 'PYTHON').cells[0]).toEqual({ command: '# DBTITLE 1,Only', title: undefined });
  });

  it('reads text without the header as a notebook all the same', () => {
    expect(parse(`a${SEP}b`, 'PYTHON').cells.map((c) => c.command)).toEqual(['a', 'b']);
  });

  it('turns CRLF line ends into LF when the header ends with CRLF', () => {
    const nb = parse(`${H}\r\na = 1\r\n\r\n# COMMAND ----------\r\n\r\nb = 2`, 'PYTHON');
    expect(nb.cells.map((c) => c.command)).toEqual(['a = 1', 'b = 2']);
  });

  it('reads an empty cell between separators', () => {
    expect(parse(`${H}\na${SEP}${SEP}b`, 'PYTHON').cells.map((c) => c.command)).toEqual(['a', '', 'b']);
  });
});

describe('write', () => {
  it('writes the header alone for no cells', () => {
    expect(write([], 'PYTHON')).toBe(H);
  });

  it('writes plain cells as they are, joined by the separator', () => {
    expect(write([{ command: 'a = 1' }, { command: 'b = 2' }], 'PYTHON')).toBe(`${H}\na = 1${SEP}b = 2`);
  });

  it('writes magic cells with every line prefixed by MAGIC (a blank line as a bare MAGIC)', () => {
    expect(write([{ command: '%md\n# T\n\nx' }], 'PYTHON')).toBe(`${H}\n# MAGIC %md\n# MAGIC # T\n# MAGIC\n# MAGIC x`);
  });

  it('writes a title as a DBTITLE line', () => {
    expect(write([{ command: 'SELECT 1', title: 'Count' }], 'SQL')).toBe('-- Databricks notebook source\n-- DBTITLE 1,Count\nSELECT 1');
  });

  it('writes in the comment style of the notebook language', () => {
    expect(write([{ command: 'val x = 1' }, { command: '%sql\nSELECT 1' }], 'SCALA')).toBe(
      '// Databricks notebook source\nval x = 1\n\n// COMMAND ----------\n\n// MAGIC %sql\n// MAGIC SELECT 1',
    );
  });

  it('guards a plain cell that contains a separator as a language-magic cell', () => {
    const cell = { command: `a${SEP}b` };
    const text = write([cell], 'PYTHON');
    expect(text.startsWith(`${H}\n# MAGIC %python\n`)).toBe(true);
    expect(parse(text, 'PYTHON').cells[0].command).toBe(`%python\n${cell.command}`);
  });

  it('guards a plain cell that would read back as magic', () => {
    const text = write([{ command: '# MAGIC %sql' }], 'PYTHON');
    expect(parse(text, 'PYTHON').cells[0].command).toBe('%python\n# MAGIC %sql');
  });

  it('guards a plain cell that would read back as a titled cell', () => {
    const text = write([{ command: '# DBTITLE 1,x\ny' }], 'PYTHON');
    expect(parse(text, 'PYTHON').cells[0]).toEqual({ command: '%python\n# DBTITLE 1,x\ny', title: undefined });
  });

  it('guards a cell ending in the start of a separator (it would swallow the next one)', () => {
    const cells = [{ command: 'a\n\n# COMMAND ----------' }, { command: 'b' }];
    const back = parse(write(cells, 'PYTHON'), 'PYTHON').cells;
    expect(back).toHaveLength(2);
    expect(back[0].command).toBe('%python\na\n\n# COMMAND ----------');
    expect(back[1].command).toBe('b');
  });

  it('uses %sql, %scala and %r as the guard of the other languages', () => {
    const sep = '\n\n-- COMMAND ----------\n\n';
    expect(parse(write([{ command: `x${sep}y` }], 'SQL'), 'SQL').cells[0].command).toBe(`%sql\nx${sep}y`);
    const ssep = '\n\n// COMMAND ----------\n\n';
    expect(parse(write([{ command: `x${ssep}y` }], 'SCALA'), 'SCALA').cells[0].command).toBe(`%scala\nx${ssep}y`);
    expect(parse(write([{ command: `x${SEP}y` }], 'R'), 'R').cells[0].command).toBe(`%r\nx${SEP}y`);
  });
});

describe('SOURCE round trip', () => {
  const languages: Language[] = ['PYTHON', 'SQL', 'SCALA', 'R'];
  const samples: Cell[][] = [
    [{ command: 'x = 1' }],
    [{ command: '%md\n# Title\n\nSome *text*' }, { command: 'print(1)', title: 'Print' }],
    [{ command: '' }, { command: 'a' }, { command: '' }],
    [{ command: '%sql\nSELECT 1\n' }, { command: 'trailing\n' }],
    [{ command: 'ends with blank lines\n\n' }, { command: '%scala\nval y = 2' }],
    [{ command: 'ünïcödé ✓ 数据' }],
  ];

  for (const language of languages) {
    for (const [i, cells] of samples.entries()) {
      it(`${language}: sample ${i + 1} reads back as written`, () => {
        const text = write(cells, language);
        const back = parse(text, language).cells;
        expect(back.map((c) => c.command)).toEqual(cells.map((c) => c.command));
        expect(back.map((c) => c.title)).toEqual(cells.map((c) => c.title));
        // Written again, the text is the same byte for byte.
        expect(write(back, language)).toBe(text);
      });
    }
  }

  it('keeps a hand-written file byte for byte through parse and write', () => {
    const text = `${H}\n# DBTITLE 1,Setup\nimport os${SEP}# MAGIC %md\n# MAGIC ## Notes\n# MAGIC\n# MAGIC - one${SEP}print(os.name)`;
    expect(write(parse(text, 'PYTHON').cells, 'PYTHON')).toBe(text);
  });

  it('does not lose any cell the format cannot hold as it is', () => {
    const hard: Cell[] = [{ command: `x${SEP}y` }, { command: '# MAGIC %md' }, { command: 'z\n' }];
    const back = parse(write(hard, 'PYTHON'), 'PYTHON').cells;
    expect(back.map((c) => body(c.command))).toEqual(hard.map((c) => c.command));
  });
});

describe('cellKind', () => {
  it('is the notebook language for a cell without a magic', () => {
    expect(cellKind('x = 1', 'PYTHON')).toBe('python');
    expect(cellKind('SELECT 1', 'SQL')).toBe('sql');
    expect(cellKind('val x = 1', 'SCALA')).toBe('scala');
    expect(cellKind('x <- 1', 'R')).toBe('r');
  });

  it('is the first-line magic when there is one, in any case', () => {
    expect(cellKind('%sql\nSELECT 1', 'PYTHON')).toBe('sql');
    expect(cellKind('%SCALA\n1', 'PYTHON')).toBe('scala');
    expect(cellKind('%python\n1', 'SQL')).toBe('python');
    expect(cellKind('%md # Title', 'SQL')).toBe('md');
    expect(cellKind('%sh ls', 'PYTHON')).toBe('sh');
    expect(cellKind('%r\n1', 'PYTHON')).toBe('r');
  });

  it('is "other" for magics Kiln does not run', () => {
    expect(cellKind('%fs ls /', 'PYTHON')).toBe('other');
    expect(cellKind('%run ./other', 'PYTHON')).toBe('other');
    expect(cellKind('%pip install x', 'PYTHON')).toBe('other');
  });

  it('reads a magic only at the very start of the cell', () => {
    expect(cellKind(' %sql\nSELECT 1', 'PYTHON')).toBe('python');
    expect(cellKind('x = 1\n%sql', 'PYTHON')).toBe('python');
  });
});

describe('body', () => {
  it('is the command itself without a magic', () => {
    expect(body('x = 1\ny = 2')).toBe('x = 1\ny = 2');
  });

  it('drops a magic alone on the first line', () => {
    expect(body('%sql\nSELECT 1\nFROM t')).toBe('SELECT 1\nFROM t');
    expect(body('%sql   \nSELECT 1')).toBe('SELECT 1');
  });

  it('keeps text after the magic on the first line', () => {
    expect(body('%md # Title')).toBe('# Title');
    expect(body('%md # Title\nmore')).toBe('# Title\nmore');
    expect(body('%sql\tSELECT 1')).toBe('SELECT 1');
  });

  it('is empty for a bare magic', () => {
    expect(body('%python')).toBe('');
    expect(body('%python\n')).toBe('');
  });
});
