/**
 * Files for export and import. Export: one flow as `{format: 'flowbench/flow', version: 1, flow, workflow}`
 * (readable by Flowbench's local backend through `flow`, by vFlow's import through `workflow`), several as
 * `{format: 'flowbench/bundle', version: 1, flows, folders: [], workflows}`; ZIP exports are vFlow's own.
 * Import reads those, vFlow's export format (`{workflow}`, `{workflows}`, a bare workflow), and ZIPs of any
 * of them, checks everything locally first (so a dry run needs no server) and reports per workflow.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Flow } from '../../model/flow';
import { deepEqual } from '../../model/equal';
import { restoreFlow } from '../../model/restore';
import { isBackendError, type ExportedFile } from '../types';
import { flowToWorkflow, workflowToFlow, type VflowCatalog } from './mapping';
import { workflowSchema } from './schemas';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const FLOW_FORMAT = 'flowbench/flow';
export const BUNDLE_FORMAT = 'flowbench/bundle';

export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim().slice(0, 120);
  return cleaned || 'workflow';
}

const encoder = new TextEncoder();

export function flowFile(flow: Flow, workflow: Obj): ExportedFile {
  const doc = { format: FLOW_FORMAT, version: 1, flow, workflow, exportedAt: Date.now() };
  return { name: `${safeFileName(flow.name)}.json`, mime: 'application/json', data: encoder.encode(JSON.stringify(doc, null, 2)) };
}

export function bundleFile(flows: Flow[], workflows: Obj[]): ExportedFile {
  const doc = { format: BUNDLE_FORMAT, version: 1, flows, folders: [], workflows, exportedAt: Date.now() };
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { name: `vflow-workflows-${stamp}.json`, mime: 'application/json', data: encoder.encode(JSON.stringify(doc, null, 2)) };
}

/** One workflow found in the files, ready to upload, or the reason it cannot be. */
export interface ImportCandidate {
  /** The file (or `archive.zip/entry.json`) it came from, for the report. */
  file: string;
  /** Which upload it joins: every candidate of one input file goes in one request. */
  group: number;
  workflow?: Obj;
  error?: string;
}

function looksLikeZip(f: ExportedFile): boolean {
  const d = f.data;
  return (d[0] === 0x50 && d[1] === 0x4b) || f.mime === 'application/zip' || f.name.toLowerCase().endsWith('.zip');
}

function nativeWorkflowsIn(doc: unknown): Obj[] | null {
  if (Array.isArray(doc)) {
    const all = doc.map(nativeWorkflowsIn);
    return all.every((x) => x !== null) ? all.flat() as Obj[] : null;
  }
  if (!isObj(doc)) return null;
  if (isObj(doc.workflow)) return [doc.workflow];
  if (Array.isArray(doc.workflows)) return nativeWorkflowsIn(doc.workflows);
  if (typeof doc.name === 'string' && (Array.isArray(doc.steps) || !('steps' in doc))) return [doc];
  return null;
}

function checkNative(w: Obj): string | null {
  const candidate = 'steps' in w ? w : { ...w, steps: [] };
  const parsed = workflowSchema.safeParse({ id: 'import-check', ...candidate });
  if (parsed.success) return null;
  return parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(workflow)'}: ${i.message}`)
    .join('; ');
}

/** The vFlow workflow for a flow, preferring the stored original when the flow is unchanged from it. */
function workflowForFlow(flow: Flow, native: unknown, catalog: VflowCatalog): Obj {
  if (isObj(native)) {
    const parsed = workflowSchema.safeParse(native);
    if (parsed.success && deepEqual(workflowToFlow(parsed.data, catalog).flow, flow)) return native;
  }
  return flowToWorkflow(flow, catalog) as Obj;
}

function message(e: unknown): string {
  if (isBackendError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

function candidatesFromJson(file: string, group: number, text: string, catalog: VflowCatalog): ImportCandidate[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [{ file, group, error: 'Not valid JSON.' }];
  }
  if (isObj(doc) && typeof doc.format === 'string' && doc.format.startsWith('flowbench/')) {
    try {
      if (doc.format === FLOW_FORMAT) {
        const flow = restoreFlow(doc.flow);
        return [{ file, group, workflow: workflowForFlow(flow, doc.workflow, catalog) }];
      }
      if (doc.format === BUNDLE_FORMAT) {
        if (!Array.isArray(doc.flows)) return [{ file, group, error: 'A flowbench/bundle needs a "flows" list.' }];
        const natives = Array.isArray(doc.workflows) ? doc.workflows : [];
        return doc.flows.map((raw): ImportCandidate => {
          try {
            const flow = restoreFlow(raw);
            const native = natives.find((w) => isObj(w) && w.id === flow.id);
            return { file, group, workflow: workflowForFlow(flow, native, catalog) };
          } catch (e) {
            return { file, group, error: message(e) };
          }
        });
      }
      return [{ file, group, error: `Unsupported format "${doc.format}".` }];
    } catch (e) {
      return [{ file, group, error: message(e) }];
    }
  }
  const natives = nativeWorkflowsIn(doc);
  if (!natives || natives.length === 0) return [{ file, group, error: 'No vFlow workflow or Flowbench flow in this file.' }];
  return natives.map((w) => {
    const problem = checkNative(w);
    return problem ? { file, group, error: `Not a valid vFlow workflow: ${problem}` } : { file, group, workflow: w };
  });
}

export function importCandidates(files: ExportedFile[], catalog: VflowCatalog): ImportCandidate[] {
  const out: ImportCandidate[] = [];
  files.forEach((f, group) => {
    if (!looksLikeZip(f)) {
      out.push(...candidatesFromJson(f.name, group, new TextDecoder().decode(f.data), catalog));
      return;
    }
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(f.data);
    } catch (e) {
      out.push({ file: f.name, group, error: `Not a valid ZIP archive (${message(e)}).` });
      return;
    }
    const names = Object.keys(entries).filter((n) => !n.endsWith('/') && n.toLowerCase().endsWith('.json') && n.split('/').pop() !== 'manifest.json');
    if (names.length === 0) {
      out.push({ file: f.name, group, error: 'The archive holds no JSON workflow files.' });
      return;
    }
    for (const n of names) out.push(...candidatesFromJson(`${f.name}/${n}`, group, strFromU8(entries[n] as Uint8Array), catalog));
  });
  return out;
}

/** The upload for one group: a JSON file for one workflow, a ZIP for several. */
export function uploadFor(cands: ImportCandidate[]): { file: ExportedFile; batch: boolean; filenames: string[] } {
  const docs = cands.map((c) => ({ workflow: c.workflow, exportedAt: Date.now(), format: 'json' }));
  if (docs.length === 1) {
    const name = `${safeFileName(String(cands[0]?.workflow?.name ?? 'workflow'))}.json`;
    return { file: { name, mime: 'application/json', data: strToU8(JSON.stringify(docs[0])) }, batch: false, filenames: [name] };
  }
  const files: Record<string, Uint8Array> = {};
  const filenames: string[] = [];
  docs.forEach((d, i) => {
    const name = `${String(i + 1).padStart(3, '0')}-${safeFileName(String(cands[i]?.workflow?.name ?? 'workflow'))}.json`;
    filenames.push(name);
    files[name] = strToU8(JSON.stringify(d));
  });
  return { file: { name: 'flowbench-import.zip', mime: 'application/zip', data: zipSync(files) }, batch: true, filenames };
}
