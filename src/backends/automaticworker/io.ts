/**
 * Flowbench files for AutoMaticWorker flows. Export: one flow as `{format: 'flowbench/flow', version: 1,
 * flow, automaticworker}` (the canonical flow for any Flowbench backend, the server's own document for a
 * lossless way back), several as `{format: 'flowbench/bundle', version: 1, flows, folders: [],
 * automaticworker: [...]}`, or a ZIP of one flow file per flow. Import reads those and bare AutoMaticWorker
 * documents (the server's `format=json` export), checks every candidate locally first (a dry run needs no
 * server), and creates each flow with `POST /api/flows`.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import type { Flow } from '../../model/flow';
import { deepEqual } from '../../model/equal';
import { restoreFlow } from '../../model/restore';
import { toGraphFlow } from '../../model/structure';
import { isBackendError, type ExportedFile } from '../types';
import { MANAGED_FLOW_FIELDS } from './document';
import { documentToFlow, flowToDocument, type AmwMappingOptions } from './mapping';

type Obj = Record<string, unknown>;

export const FLOW_FORMAT = 'flowbench/flow';
export const BUNDLE_FORMAT = 'flowbench/bundle';

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim().slice(0, 120);
  return cleaned || 'flow';
}

function withoutManaged(doc: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(doc)) if (!(MANAGED_FLOW_FIELDS as readonly string[]).includes(k)) out[k] = v;
  return out;
}

export interface ExportItem {
  flow: Flow;
  doc: Obj;
}

export function exportFile(items: ExportItem[], format: 'json' | 'zip'): ExportedFile {
  const enc = new TextEncoder();
  if (format === 'zip') {
    const files: Record<string, Uint8Array> = {};
    items.forEach((it, i) => {
      files[`${String(i + 1).padStart(3, '0')}-${safeFileName(it.flow.name)}.json`] = strToU8(
        JSON.stringify({ format: FLOW_FORMAT, version: 1, flow: it.flow, automaticworker: it.doc }, null, 2),
      );
    });
    return { name: `automaticworker-flows-${new Date().toISOString().slice(0, 10)}.zip`, mime: 'application/zip', data: zipSync(files) };
  }
  if (items.length === 1) {
    const it = items[0]!;
    const doc = { format: FLOW_FORMAT, version: 1, flow: it.flow, automaticworker: it.doc, exportedAt: Date.now() };
    return { name: `${safeFileName(it.flow.name)}.json`, mime: 'application/json', data: enc.encode(JSON.stringify(doc, null, 2)) };
  }
  const doc = { format: BUNDLE_FORMAT, version: 1, flows: items.map((i) => i.flow), folders: [], automaticworker: items.map((i) => i.doc), exportedAt: Date.now() };
  return { name: `automaticworker-flows-${new Date().toISOString().slice(0, 10)}.json`, mime: 'application/json', data: enc.encode(JSON.stringify(doc, null, 2)) };
}

export interface ImportCandidate {
  file: string;
  /** The body of `POST /api/flows`. */
  body?: Obj;
  name?: string;
  error?: string;
}

function message(e: unknown): string {
  if (isBackendError(e)) return e.message;
  return e instanceof Error ? e.message : String(e);
}

/** The document to upload for a flow: the exported original while the flow still says the same. */
function bodyFor(flow: Flow, native: unknown, opts: AmwMappingOptions): Obj {
  if (isObj(native)) {
    try {
      const again = documentToFlow({ id: flow.id, ...withoutManaged(native) }, opts);
      if (deepEqual({ ...again, id: flow.id }, flow)) return withoutManaged(native);
    } catch {
      // the original is not usable: write the flow
    }
  }
  return flowToDocument(flow.structure === 'graph' ? flow : toGraphFlow(flow), opts);
}

function nativeCandidate(file: string, doc: Obj, opts: AmwMappingOptions): ImportCandidate {
  try {
    documentToFlow({ id: 'import', ...withoutManaged(doc) }, opts);
    return { file, body: withoutManaged(doc), name: String(doc.name) };
  } catch (e) {
    return { file, error: `Not a valid AutoMaticWorker flow: ${message(e)}` };
  }
}

function fromJson(file: string, text: string, opts: AmwMappingOptions): ImportCandidate[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return [{ file, error: 'Not valid JSON.' }];
  }
  if (!isObj(doc)) return [{ file, error: 'No Flowbench flow or AutoMaticWorker flow in this file.' }];
  const one = (raw: unknown, native: unknown): ImportCandidate => {
    try {
      const flow = restoreFlow(raw);
      return { file, body: bodyFor(flow, native, opts), name: flow.name };
    } catch (e) {
      return { file, error: message(e) };
    }
  };
  if (doc.format === FLOW_FORMAT) return [one(doc.flow, doc.automaticworker)];
  if (doc.format === BUNDLE_FORMAT) {
    if (!Array.isArray(doc.flows)) return [{ file, error: 'A flowbench/bundle needs a "flows" list.' }];
    const natives = Array.isArray(doc.automaticworker) ? doc.automaticworker : [];
    return doc.flows.map((raw, i) => one(raw, natives[i]));
  }
  if (typeof doc.format === 'string') return [{ file, error: `Unsupported format "${doc.format}".` }];
  if (Array.isArray(doc.nodes)) return [nativeCandidate(file, doc, opts)];
  return [{ file, error: 'No Flowbench flow or AutoMaticWorker flow in this file.' }];
}

function looksLikeZip(f: ExportedFile): boolean {
  return (f.data[0] === 0x50 && f.data[1] === 0x4b) || f.mime === 'application/zip' || f.name.toLowerCase().endsWith('.zip');
}

export function importCandidates(files: ExportedFile[], opts: AmwMappingOptions): ImportCandidate[] {
  const out: ImportCandidate[] = [];
  for (const f of files) {
    if (!looksLikeZip(f)) {
      out.push(...fromJson(f.name, new TextDecoder().decode(f.data), opts));
      continue;
    }
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(f.data);
    } catch (e) {
      out.push({ file: f.name, error: `Not a valid ZIP archive (${message(e)}).` });
      continue;
    }
    const names = Object.keys(entries).filter((n) => !n.endsWith('/') && n.toLowerCase().endsWith('.json'));
    if (names.length === 0) out.push({ file: f.name, error: 'The archive holds no JSON flow files.' });
    for (const n of names) out.push(...fromJson(`${f.name}/${n}`, strFromU8(entries[n]!), opts));
  }
  return out;
}
