// A notebook's execution state on one cluster, over the Command Execution API 1.2: one execution
// context per language (a context runs one language), created on first use and remembered in local
// storage, so a reload of the page (or a second tab) finds the same variables.
import { ApiError } from '../api';
import * as exec from './exec';
import type { CommandState, ExecLanguage } from './exec';

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

  /** The widgets the Python context defined (dbutils.widgets.*), read with a command of its own. */
  async widgets(): Promise<Widget[]> {
    const done = await this.run('python', LIST_WIDGETS, () => {});
    const r = done.results;
    if (done.status !== 'Finished' || r?.resultType !== 'text' || typeof r.data !== 'string') {
      throw new Error(r?.summary ? `The widgets could not be read: ${r.summary}` : 'The widgets could not be read.');
    }
    return JSON.parse(r.data) as Widget[];
  }

  /** Gives a widget a value, as a job's parameter would: dbutils.widgets.get answers it from now on. */
  async setWidget(name: string, value: string): Promise<void> {
    const code =
      `dbutils.widgets._widgets().bind(__import__('pyspark').SparkContext._jvm.java.util.Collections` +
      `.singletonMap(${JSON.stringify(name)}, ${JSON.stringify(value)}))`;
    const done = await this.run('python', code, () => {});
    if (done.status !== 'Finished' || done.results?.resultType === 'error') {
      throw new Error(`The widget ${name} was not set: ${done.results?.summary ?? done.status}`);
    }
  }
}

// Kiln's dbutils keeps widgets in the context's JVM dbutils; this prints them as JSON without
// leaving a name behind in the user's namespace.
const LIST_WIDGETS =
  "print(__import__('json').dumps([{'name': w.name(), 'kind': w.kind(), 'label': w.label(), " +
  "'value': w.value(), 'choices': list(w.choices())} for w in dbutils.widgets._widgets().all()]))";
