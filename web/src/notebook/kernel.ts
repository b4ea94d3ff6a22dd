// A notebook's execution state on one cluster, over the Command Execution API 1.2: one execution
// context per language (a context runs one language), created on first use and remembered in local
// storage, so a reload of the page (or a second tab) finds the same variables.
import { ApiError } from '../api';
import * as exec from './exec';
import type { CommandState, ExecLanguage, Results } from './exec';

/** Where a submitted command lives: what commands/status and commands/cancel need. */
export interface Handle {
  contextId: string;
  commandId: string;
}

export interface Widget {
  name: string;
  kind: string;
  label?: string | null;
  value: string;
  choices: string[];
}

export class Kernel {
  private readonly contexts = new Map<ExecLanguage, Promise<string>>();

  constructor(
    readonly clusterId: string,
    private readonly notebookPath: string,
  ) {}

  private key(language: ExecLanguage): string {
    return `kiln.context.${this.clusterId}.${language}.${this.notebookPath}`;
  }

  /** True when a context of the language was made for this notebook on this cluster before. */
  hasContext(language: ExecLanguage): boolean {
    return this.contexts.has(language) || localStorage.getItem(this.key(language)) !== null;
  }

  /** The Running context of a language: the remembered one if it still runs, else a new one. */
  context(language: ExecLanguage): Promise<string> {
    let p = this.contexts.get(language);
    if (!p) {
      const made = this.open(language);
      p = made;
      this.contexts.set(language, made);
      made.catch(() => {
        if (this.contexts.get(language) === made) this.contexts.delete(language);
      });
    }
    return p;
  }

  private async open(language: ExecLanguage): Promise<string> {
    const saved = localStorage.getItem(this.key(language));
    if (saved) {
      try {
        if ((await exec.contextStatus(this.clusterId, saved)) === 'Running') return saved;
      } catch {
        // gone with a restart of the cluster: make a new one
      }
      localStorage.removeItem(this.key(language));
    }
    const id = await exec.createContext(this.clusterId, language);
    localStorage.setItem(this.key(language), id);
    await exec.waitRunning(this.clusterId, id);
    return id;
  }

  private forget(language: ExecLanguage): void {
    this.contexts.delete(language);
    localStorage.removeItem(this.key(language));
  }

  /**
   * Submits a command and polls it to its end, telling each state (the first with the handle, so
   * it can be cancelled). A context that no longer exists (the cluster restarted) is made again
   * once.
   */
  async run(
    language: ExecLanguage,
    code: string,
    onState: (state: CommandState, handle: Handle) => void,
  ): Promise<CommandState> {
    let contextId = await this.context(language);
    let commandId: string;
    try {
      commandId = await exec.execute(this.clusterId, contextId, language, code);
    } catch (e) {
      if (!(e instanceof ApiError) || e.errorCode !== 'RESOURCE_DOES_NOT_EXIST') throw e;
      this.forget(language);
      contextId = await this.context(language);
      commandId = await exec.execute(this.clusterId, contextId, language, code);
    }
    const handle = { contextId, commandId };
    onState({ id: commandId, status: 'Queued' }, handle);
    for (let delay = 100; ; delay = Math.min(delay * 1.5, 1000)) {
      await exec.sleep(delay);
      const s = await exec.commandStatus(this.clusterId, contextId, commandId);
      onState(s, handle);
      if (exec.isDone(s.status)) return s;
    }
  }

  cancel(handle: Handle): Promise<unknown> {
    return exec.cancel(this.clusterId, handle.contextId, handle.commandId);
  }

  /** Ends every context of this notebook on the cluster: its variables and widgets are gone. */
  async reset(): Promise<void> {
    const languages: ExecLanguage[] = ['python', 'sql', 'scala'];
    await Promise.all(
      languages.map(async (language) => {
        const pending = this.contexts.get(language);
        const saved = localStorage.getItem(this.key(language));
        this.forget(language);
        const id = pending ? await pending.catch(() => saved) : saved;
        if (id) await exec.destroyContext(this.clusterId, id).catch(() => undefined);
      }),
    );
  }

  /**
   * The widgets of this notebook: those each of its contexts defined (dbutils.widgets in Python or
   * Scala, CREATE WIDGET in SQL), each read with a command of its own; a name defined in several
   * languages is shown once. Only contexts that exist are asked (none is started for this).
   */
  async widgets(): Promise<Widget[]> {
    const languages = WIDGET_LANGUAGES.filter((l) => this.hasContext(l));
    const lists = await Promise.all(languages.map((l) => this.widgetsOf(l)));
    return mergeWidgets(lists);
  }

  private async widgetsOf(language: ExecLanguage): Promise<Widget[]> {
    const done = await this.run(language, LIST_WIDGETS[language], () => {});
    const r = done.results;
    if (done.status !== 'Finished' || r?.resultType === 'error') {
      throw new Error(r?.summary ? `The widgets could not be read: ${r.summary}` : 'The widgets could not be read.');
    }
    return parseWidgets(language, r);
  }

  /**
   * Gives a widget a value, as a job's parameter would, in every context of the notebook:
   * dbutils.widgets.get, ${name} and :name answer it from now on (also for a widget a context
   * defines later).
   */
  async setWidget(name: string, value: string): Promise<void> {
    const languages = WIDGET_LANGUAGES.filter((l) => this.hasContext(l));
    await Promise.all(
      languages.map(async (language) => {
        const done = await this.run(language, setWidgetCode(language, name, value), () => {});
        if (done.status !== 'Finished' || done.results?.resultType === 'error') {
          throw new Error(`The widget ${name} was not set: ${done.results?.summary ?? done.status}`);
        }
      }),
    );
  }
}

const WIDGET_LANGUAGES: ExecLanguage[] = ['python', 'sql', 'scala'];

// Kiln's dbutils keeps widgets in each context's JVM dbutils. Python prints them as JSON without
// leaving a name behind in the user's namespace; Scala prints their JSON; SQL has Kiln's SHOW
// WIDGETS statement (a table).
export const LIST_WIDGETS: Record<ExecLanguage, string> = {
  python:
    "print(__import__('json').dumps([{'name': w.name(), 'kind': w.kind(), 'label': w.label(), " +
    "'value': w.value(), 'choices': list(w.choices())} for w in dbutils.widgets._widgets().all()]))",
  scala: 'println(dbutils.widgets.toJson)',
  sql: 'SHOW WIDGETS',
};

/** The command that binds a widget's value in a context of the language. */
export function setWidgetCode(language: ExecLanguage, name: string, value: string): string {
  const n = JSON.stringify(name);
  const v = JSON.stringify(value);
  switch (language) {
    case 'python':
      return `dbutils.widgets._widgets().bind(__import__('pyspark').SparkContext._jvm.java.util.Collections.singletonMap(${n}, ${v}))`;
    case 'scala':
      // A JSON string is a plain Scala string literal too ($ is only special in s"...").
      return `dbutils.widgets.bind(java.util.Collections.singletonMap(${n}, ${v}))`;
    case 'sql':
      return `SET WIDGET \`${name.replace(/`/g, '')}\` = '${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  }
}

/** The widgets in a listing's result: JSON text (Python, Scala) or SHOW WIDGETS's table (SQL). */
export function parseWidgets(language: ExecLanguage, r: Results | undefined): Widget[] {
  if (language === 'sql') {
    if (r?.resultType !== 'table' || !Array.isArray(r.data)) throw new Error('The widgets could not be read.');
    const at = (col: string) => (r.schema ?? []).findIndex((c) => c.name === col);
    const [name, kind, label, value, choices] = ['name', 'kind', 'label', 'value', 'choices'].map(at);
    return (r.data as unknown[][]).map((row) => ({
      name: String(row[name]),
      kind: String(row[kind]),
      label: (row[label] as string | null) ?? null,
      value: String(row[value] ?? ''),
      choices: (row[choices] as string[] | null) ?? [],
    }));
  }
  if (r?.resultType !== 'text' || typeof r.data !== 'string') throw new Error('The widgets could not be read.');
  // The last line that is a JSON array: a Scala REPL may print warnings before it.
  const line = r.data
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith('['))
    .pop();
  if (!line) throw new Error('The widgets could not be read.');
  return (JSON.parse(line) as Widget[]).map((w) => ({ ...w, choices: w.choices ?? [] }));
}

/** One list of widgets from the lists of several contexts: the first of a name wins. */
export function mergeWidgets(lists: Widget[][]): Widget[] {
  const seen = new Set<string>();
  const out: Widget[] = [];
  for (const w of lists.flat()) {
    if (seen.has(w.name)) continue;
    seen.add(w.name);
    out.push(w);
  }
  return out;
}
