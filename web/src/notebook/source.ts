// Databricks' SOURCE notebook format, as Kiln's server reads and writes it
// (server/.../workspace/SourceFormat.java): a header line, then cells separated by
// "\n\n<c> COMMAND ----------\n\n"; a cell starting with % has every line prefixed "<c> MAGIC".
import type { Language } from '../workspace';

export interface Cell {
  command: string;
  title?: string;
}

export interface ParsedNotebook {
  cells: Cell[];
  finalNewline: boolean;
}

export function comment(language: Language): string {
  return language === 'SQL' ? '--' : language === 'SCALA' ? '//' : '#';
}

export function headerFor(language: Language): string {
  return `${comment(language)} Databricks notebook source`;
}

function separator(language: Language): string {
  return `\n\n${comment(language)} COMMAND ----------\n\n`;
}

const MAGIC_OF: Record<Language, string> = { PYTHON: 'python', SQL: 'sql', SCALA: 'scala', R: 'r' };

export function parse(text: string, language: Language): ParsedNotebook {
  const header = headerFor(language);
  if (text.startsWith(header + '\r\n')) text = text.replace(/\r\n/g, '\n');
  if (text === header) return { cells: [], finalNewline: false };
  const body = text.startsWith(header + '\n') ? text.slice(header.length + 1) : text;
  const c = comment(language);
  const chunks = body.split(separator(language));
  const cells = chunks.slice(0, -1).map((ch) => parseChunk(ch, c));
  const last = chunks[chunks.length - 1];
  const trimmed = last.endsWith('\n') ? last.slice(0, -1) : null;
  const finalNewline = trimmed !== null && isMagic(trimmed, c);
  cells.push(parseChunk(finalNewline ? trimmed! : last, c));
  return { cells, finalNewline };
}

export function write(cells: Cell[], language: Language): string {
  const sep = separator(language);
  let out = headerFor(language);
  cells.forEach((cell, i) => {
    out += (i === 0 ? '\n' : sep) + chunk(cell, language, i === cells.length - 1);
  });
  return out;
}

function chunk(cell: Cell, language: Language, last: boolean): string {
  const c = comment(language);
  const plain = encode(cell, c);
  if (readsBack(plain, cell, separator(language), c, last)) return plain;
  return encode({ command: `%${MAGIC_OF[language]}\n${cell.command}`, title: cell.title }, c);
}

function encode(cell: Cell, c: string): string {
  let out = cell.title ? `${c} DBTITLE 1,${cell.title}\n` : '';
  if (!cell.command.startsWith('%')) return out + cell.command;
  out += cell.command
    .split('\n')
    .map((line) => (line ? `${c} MAGIC ${line}` : `${c} MAGIC`))
    .join('\n');
  return out;
}

function readsBack(ch: string, cell: Cell, sep: string, c: string, last: boolean): boolean {
  const back = parseChunk(ch, c);
  return (
    !ch.includes(sep) &&
    !ch.endsWith(sep.slice(0, -1)) &&
    !ch.endsWith(sep.slice(0, -2)) &&
    !(last && ch.endsWith('\n') && isMagic(ch.slice(0, -1), c)) &&
    back.command === cell.command &&
    (back.title ?? undefined) === (cell.title || undefined)
  );
}

function parseChunk(ch: string, c: string): Cell {
  const title = titleOf(ch, c);
  const rest = title === undefined ? ch : ch.slice(ch.indexOf('\n') + 1);
  const magic = decodeMagic(rest, `${c} MAGIC`);
  return { command: magic ?? rest, title };
}

function isMagic(ch: string, c: string): boolean {
  const rest = titleOf(ch, c) === undefined ? ch : ch.slice(ch.indexOf('\n') + 1);
  return decodeMagic(rest, `${c} MAGIC`) !== null;
}

function titleOf(ch: string, c: string): string | undefined {
  const prefix = `${c} DBTITLE 1,`;
  const nl = ch.indexOf('\n');
  if (!ch.startsWith(prefix) || nl < 0) return undefined;
  const t = ch.slice(prefix.length, nl);
  return t.trim() ? t : undefined;
}

function decodeMagic(text: string, prefix: string): string | null {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === prefix) out.push('');
    else if (line.startsWith(prefix + ' ')) out.push(line.slice(prefix.length + 1));
    else return null;
  }
  const s = out.join('\n');
  return s.startsWith('%') ? s : null;
}

export type CellKind = 'python' | 'sql' | 'scala' | 'r' | 'md' | 'sh' | 'other';

/** The language a cell runs in: its first-line magic, else the notebook's language. */
export function cellKind(command: string, language: Language): CellKind {
  const m = /^%(\w+)/.exec(command);
  if (!m) return MAGIC_OF[language] as CellKind;
  const k = m[1].toLowerCase();
  if (k === 'python' || k === 'sql' || k === 'scala' || k === 'r' || k === 'md' || k === 'sh') return k;
  return 'other';
}

/** The command without its first-line magic (what is sent to the cluster or rendered). */
export function body(command: string): string {
  const m = /^%\w+[ \t]*/.exec(command);
  if (!m) return command;
  // `%md # Title` keeps the text after the magic on its first line.
  const nl = command.indexOf('\n');
  const first = command.slice(m[0].length, nl < 0 ? command.length : nl);
  const rest = nl < 0 ? '' : command.slice(nl + 1);
  return first ? (rest ? `${first}\n${rest}` : first) : rest;
}
