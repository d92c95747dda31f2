/**
 * The live run's debug session: the run controller attaches the run's command channel; the run panel, the
 * keyboard and the palette send commands through it. Edited inputs of the paused step ride along.
 */
import type { DebugCommand, DebugCommandType } from '../../backends/debug';
import { isTerminal } from '../../backends/run-state';
import type { RunHandle } from '../../backends/types';
import type { EditorStore } from '../../editor/store';
import { runViewOf } from '../runs/run-view';
import { debuggerOf } from './debugger-store';

export function attachDebugSession(editor: EditorStore, handle: RunHandle): void {
  const send = handle.debug;
  debuggerOf(editor).setState({ session: send ? { runId: handle.runId, send: (c) => send(c) } : null, inputsDraft: null });
}

export function detachDebugSession(editor: EditorStore, runId: string): void {
  const dbg = debuggerOf(editor);
  if (dbg.getState().session?.runId === runId) dbg.setState({ session: null, inputsDraft: null });
}

/** Where the live run is paused, if it is. */
export function livePause(editor: EditorStore) {
  const live = runViewOf(editor).getState().live;
  return live && !isTerminal(live.status) ? live.paused : undefined;
}

export function canSendDebugCommand(editor: EditorStore): boolean {
  return debuggerOf(editor).getState().session !== null && livePause(editor) !== undefined;
}

export type SendResult = { ok: true } | { ok: false; reason: 'not-paused' | 'bad-inputs'; message?: string };

/** Sends a command to the paused run, with the paused step's inputs when the user edited them. */
export function sendDebugCommand(editor: EditorStore, type: DebugCommandType): SendResult {
  const dbg = debuggerOf(editor);
  const { session, inputsDraft } = dbg.getState();
  const paused = livePause(editor);
  if (!session || !paused) return { ok: false, reason: 'not-paused' };
  const command: DebugCommand = { type };
  const draft = inputsDraft && samePoint(inputsDraft.at, paused) ? inputsDraft.text : null;
  if (draft !== null && type !== 'stop') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(draft);
    } catch (e) {
      return { ok: false, reason: 'bad-inputs', message: e instanceof Error ? e.message : String(e) };
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, reason: 'bad-inputs' };
    if (JSON.stringify(parsed) !== JSON.stringify(paused.inputs)) command.inputs = parsed as Record<string, unknown>;
  }
  dbg.setState({ inputsDraft: null });
  session.send(command);
  return { ok: true };
}

export function samePoint(a: { stepId: string; iteration: readonly number[] }, b: { stepId: string; iteration: readonly number[] }): boolean {
  return a.stepId === b.stepId && a.iteration.join('.') === b.iteration.join('.');
}
