/**
 * Export and import files. Export: one flow as `{format: 'flowbench/flow', version: 1, flow, langflow}` (the
 * Flowbench document and the server's own FlowRead, which SkillFlaw / Langflow upload accepts as `langflow`),
 * several as a bundle; ZIP exports are the server's own download (`POST /flows/download/`). Import reads
 * those, Langflow's formats (a flow, `{flows: [...]}`) and ZIPs of them, checks everything locally first (a
 * dry run needs no server) and reports per flow.
 */
import { strFromU8, unzipSync } from 'fflate';
import type { Flow } from '../../model/flow';
import type { ExportedFile } from '../types';

type Rec = Record<string, unknown>;

export const FLOW_FORMAT = 'flowbench/flow';
export const BUNDLE_FORMAT = 'flowbench/bundle';

function isRec(v: unknown): v is Rec {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function safeFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim().slice(0, 120) || 'flow';
}

const encoder = new TextEncoder();

export function flowFile(flow: Flow, langflow: Rec): ExportedFile {
  const doc = { format: FLOW_FORMAT, version: 1, flow, langflow, exportedAt: Date.now() };
  return { name: `${safeFileName(flow.name)}.json`, mime: 'application/json', data: encoder.encode(JSON.stringify(doc, null, 2)) };
}

export function bundleFile(flows: Flow[], langflow: Rec[]): ExportedFile {
  const doc = { format: BUNDLE_FORMAT, version: 1, flows, folders: [], langflow, exportedAt: Date.now() };
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
  return { name: `skillflaw-flows-${stamp}.json`, mime: 'application/json', data: encoder.encode(JSON.stringify(doc, null, 2)) };
}

export interface ImportCandidate {
  file: string;
  /** A Langflow flow (`name`, `data`, ...) ready to upload. */
  flow?: Rec;
  error?: string;
}

/** A Langflow flow document: a name and a graph (`data` with `nodes`), or `data: null`. */
function isLangflowFlow(v: unknown): v is Rec {
  return isRec(v) && typeof v.name === 'string' && (v.data === null || (isRec(v.data) && Array.isArray(v.data.nodes)));
}

function flowsInDoc(doc: unknown, file: string): ImportCandidate[] {
  if (isRec(doc) && doc.format === FLOW_FORMAT) {
    return isLangflowFlow(doc.langflow) ? [{ file, flow: doc.langflow }] : [{ file, error: 'The Flowbench file has no SkillFlaw flow (`langflow`).' }];
  }
  if (isRec(doc) && doc.format === BUNDLE_FORMAT) {
    const list = Array.isArray(doc.langflow) ? doc.langflow : [];
    if (list.length === 0) return [{ file, error: 'The Flowbench bundle has no SkillFlaw flows (`langflow`).' }];
    return list.map((f, i) => (isLangflowFlow(f) ? { file: `${file}#${i + 1}`, flow: f } : { file: `${file}#${i + 1}`, error: 'Not a SkillFlaw flow (a name and data with nodes).' }));
  }
  if (isRec(doc) && Array.isArray(doc.flows)) {
    return doc.flows.map((f, i) => (isLangflowFlow(f) ? { file: `${file}#${i + 1}`, flow: f } : { file: `${file}#${i + 1}`, error: 'Not a SkillFlaw flow (a name and data with nodes).' }));
  }
  if (isLangflowFlow(doc)) return [{ file, flow: doc }];
  return [{ file, error: 'Not a SkillFlaw flow (a name and data with nodes), a Flowbench export or a list of flows.' }];
}

export function importCandidates(files: ExportedFile[]): ImportCandidate[] {
  const out: ImportCandidate[] = [];
  for (const f of files) {
    const isZip = f.data[0] === 0x50 && f.data[1] === 0x4b;
    if (isZip || f.name.toLowerCase().endsWith('.zip')) {
      let entries: Record<string, Uint8Array>;
      try {
        entries = unzipSync(f.data);
      } catch (e) {
        out.push({ file: f.name, error: `Not a readable ZIP: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      const jsons = Object.entries(entries).filter(([n]) => n.toLowerCase().endsWith('.json'));
      if (jsons.length === 0) out.push({ file: f.name, error: 'The ZIP holds no JSON flows.' });
      for (const [name, bytes] of jsons) out.push(...parse(strFromU8(bytes), `${f.name}/${name}`));
      continue;
    }
    out.push(...parse(new TextDecoder().decode(f.data), f.name));
  }
  return out;
}

function parse(text: string, file: string): ImportCandidate[] {
  try {
    return flowsInDoc(JSON.parse(text), file);
  } catch (e) {
    return [{ file, error: `Not valid JSON: ${e instanceof Error ? e.message : String(e)}` }];
  }
}
