// The Command Execution API 1.2 (camelCase fields), as the reference describes it.
import { api } from '../api';

export type CommandStatus = 'Queued' | 'Running' | 'Cancelling' | 'Finished' | 'Cancelled' | 'Error';

export interface Column {
  name: string;
  type?: unknown;
}

export interface Results {
  resultType?: 'text' | 'table' | 'error' | 'image' | 'images' | string;
  data?: unknown;
  schema?: Column[];
  truncated?: boolean;
  isJsonSchema?: boolean;
  cause?: string;
  summary?: string;
  fileName?: string;
  fileNames?: string[];
}

export interface CommandState {
  id: string;
  status: CommandStatus;
  results?: Results;
}

export interface ClusterSummary {
  cluster_id: string;
  cluster_name?: string;
  state?: string;
  state_message?: string;
}

/** The languages a context runs: one context per language per cluster. */
export type ExecLanguage = 'python' | 'sql' | 'scala';

const B = '/api/1.2';

export async function createContext(clusterId: string, language: ExecLanguage): Promise<string> {
  const r = await api.post<{ id: string }>(`${B}/contexts/create`, { clusterId, language });
  return r.id;
}

export async function contextStatus(clusterId: string, contextId: string): Promise<string> {
  const r = await api.get<{ status: string }>(`${B}/contexts/status`, { clusterId, contextId });
  return r.status;
}

export function destroyContext(clusterId: string, contextId: string) {
  return api.post(`${B}/contexts/destroy`, { clusterId, contextId });
}

/** Waits until a context is Running (at most 5 minutes; Scala contexts take a while to start). */
export async function waitRunning(clusterId: string, contextId: string): Promise<void> {
  for (let delay = 200, waited = 0; waited < 300_000; waited += delay, delay = Math.min(delay * 1.5, 1000)) {
    const s = await contextStatus(clusterId, contextId);
    if (s === 'Running') return;
    if (s === 'Error') throw new Error('The execution context failed to start on the cluster (see the driver log).');
    await sleep(delay);
  }
  throw new Error('The execution context did not start within 5 minutes.');
}

export async function execute(clusterId: string, contextId: string, language: ExecLanguage, command: string) {
  const r = await api.post<{ id: string }>(`${B}/commands/execute`, { clusterId, contextId, language, command });
  return r.id;
}

export function commandStatus(clusterId: string, contextId: string, commandId: string) {
  return api.get<CommandState>(`${B}/commands/status`, { clusterId, contextId, commandId });
}

export function cancel(clusterId: string, contextId: string, commandId: string) {
  return api.post(`${B}/commands/cancel`, { clusterId, contextId, commandId });
}

export function isDone(s: string): boolean {
  return s === 'Finished' || s === 'Error' || s === 'Cancelled';
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function listClusters(): Promise<ClusterSummary[]> {
  const out: ClusterSummary[] = [];
  let token: string | undefined;
  // The picker shows at most a few pages: enough for a workspace's attachable clusters.
  for (let i = 0; i < 5; i++) {
    const r = await api.get<{ clusters?: ClusterSummary[]; next_page_token?: string }>(
      '/api/2.1/clusters/list',
      { page_size: 100, page_token: token },
    );
    out.push(...(r.clusters ?? []));
    token = r.next_page_token;
    if (!token) break;
  }
  return out;
}
