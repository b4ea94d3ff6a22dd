import type { RunState } from './api';

/** One word for a run or task state: the result when it has one, else the life-cycle state. */
export function stateWord(state?: RunState): string {
  if (!state) return 'UNKNOWN';
  if (state.result_state) return state.result_state;
  return state.life_cycle_state ?? 'UNKNOWN';
}

/** A colour family for a state word: ok, failed, running, waiting, neutral. */
export function stateTone(word: string): 'ok' | 'failed' | 'running' | 'waiting' | 'neutral' {
  switch (word) {
    case 'SUCCESS':
      return 'ok';
    case 'FAILED':
    case 'TIMEDOUT':
    case 'INTERNAL_ERROR':
    case 'MAXIMUM_CONCURRENT_RUNS_REACHED':
    case 'SUCCESS_WITH_FAILURES':
      return 'failed';
    case 'RUNNING':
    case 'TERMINATING':
      return 'running';
    case 'PENDING':
    case 'QUEUED':
    case 'BLOCKED':
    case 'WAITING_FOR_RETRY':
      return 'waiting';
    default:
      return 'neutral'; // CANCELED, SKIPPED, EXCLUDED, UPSTREAM_*, DISABLED
  }
}

export function RunStateBadge({ state }: { state?: RunState }) {
  const word = stateWord(state);
  return (
    <span className={`run-state ${stateTone(word)}`} title={state?.state_message || undefined} data-testid="run-state">
      {word}
    </span>
  );
}

/** How long a run or task took (or has taken so far), from its times. */
export function durationMs(r: { start_time?: number; end_time?: number; run_duration?: number }, now = Date.now()): number | undefined {
  if (r.run_duration) return r.run_duration;
  if (!r.start_time) return undefined;
  return (r.end_time || now) - r.start_time;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** A state word as a reader says it: "UPSTREAM_FAILED" is "Upstream failed". */
export function stateLabel(word: string): string {
  const w = word.replace(/_/g, ' ').toLowerCase();
  return w.charAt(0).toUpperCase() + w.slice(1);
}
