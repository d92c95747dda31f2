/**
 * Export and import of local flows.
 *
 * Formats: one flow as `{format: 'flowbench/flow', version: 1, flow}`; several as
 * `{format: 'flowbench/bundle', version: 1, flows: Flow[], folders: BundleFolder[]}`; a ZIP holds one
 * `flowbench/flow` JSON file per flow, in directories named after its folders. A bare flow document (any
 * schema version `restoreFlow` reads) is accepted too.
 *
 * Import checks every file completely before writing any of it: a file (a JSON file, a bundle, or one JSON
 * entry of a ZIP) is written whole or not at all, and reported as `imported`, `skipped` (this very document
 * is already stored) or `error`.
 */
import { strFromU8, strToU8, zipSync, type Zippable } from 'fflate';
import { safeSegment, ZipError } from '../../lib/zip';
import { unzipOffThread } from '../../lib/unzip-off-thread';
import type { Flow } from '../../model/flow';
import { deepEqual } from '../../model/equal';
import { newId } from '../../model/ids';
import { FlowFormatError, restoreFlow } from '../../model/restore';
import { foreignFlowProblem, MAX_NAME_LENGTH } from '../../model/foreign-flow';
import { foreignJsonProblem } from '../../lib/foreign-json';
import type { ExportedFile, ImportReportEntry } from '../types';
import type { FlowbenchDb, FolderRow } from './db';
import { flowRowFor } from './local-flows';
import { flowOfRow, fromFolderKey, notFound, toFolderKey } from './rows';

export const FLOW_FILE_FORMAT = 'flowbench/flow';
export const BUNDLE_FILE_FORMAT = 'flowbench/bundle';
export const FILE_FORMAT_VERSION = 1;

export interface FlowFile {
  format: typeof FLOW_FILE_FORMAT;
  version: typeof FILE_FORMAT_VERSION;
  flow: Flow;
}

export interface BundleFolder {
  id: string;
  name: string;
  parentId: string | null;
  /** Flows directly in this folder. */
  flowIds: string[];
}

export interface BundleFile {
  format: typeof BUNDLE_FILE_FORMAT;
  version: typeof FILE_FORMAT_VERSION;
  flows: Flow[];
  folders: BundleFolder[];
}

const encoder = new TextEncoder();

/** One path segment of an exported ZIP: never `..`, never a separator (a folder named "../../etc" stays one folder). */
function safeFileName(name: string): string {
  return safeSegment(String(name), 'flow');
}

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
}

export async function exportFlows(db: FlowbenchDb, ids: string[], format: 'json' | 'zip'): Promise<ExportedFile> {
  const rows = await db.flows.bulkGet(ids);
  const missing = ids.find((_, i) => !rows[i]);
  if (missing !== undefined) throw notFound('Flow', missing);
  const flows = rows.map((r) => ({ flow: flowOfRow(r!), folderId: fromFolderKey(r!.folderKey) }));
  const allFolders = new Map((await db.folders.toArray()).map((f) => [f.id, f]));

  // The folders the flows sit in, with their ancestors, so the tree can be rebuilt on import.
  const involved = new Map<string, FolderRow>();
  for (const { folderId } of flows) {
    for (let id = folderId; id && !involved.has(id); id = fromFolderKey(allFolders.get(id)?.parentKey ?? '')) {
      const f = allFolders.get(id);
      if (!f) break;
      involved.set(id, f);
    }
  }

  if (format === 'json') {
    if (flows.length === 1) {
      const file: FlowFile = { format: FLOW_FILE_FORMAT, version: FILE_FORMAT_VERSION, flow: flows[0]!.flow };
      return { name: `${safeFileName(flows[0]!.flow.name)}.json`, mime: 'application/json', data: encoder.encode(JSON.stringify(file, null, 2)) };
    }
    const bundle: BundleFile = {
      format: BUNDLE_FILE_FORMAT,
      version: FILE_FORMAT_VERSION,
      flows: flows.map((f) => f.flow),
      folders: [...involved.values()].map((f) => ({
        id: f.id,
        name: f.name,
        parentId: fromFolderKey(f.parentKey),
        flowIds: flows.filter((x) => x.folderId === f.id).map((x) => x.flow.id),
      })),
    };
    return { name: `flowbench-${flows.length}-flows-${stamp()}.json`, mime: 'application/json', data: encoder.encode(JSON.stringify(bundle, null, 2)) };
  }

  const pathOf = (folderId: string | null): string[] => {
    const parts: string[] = [];
    for (let id = folderId; id; id = fromFolderKey(involved.get(id)?.parentKey ?? '')) {
      const f = involved.get(id);
      if (!f) break;
      parts.unshift(safeFileName(f.name));
    }
    return parts;
  };
  const files: Zippable = {};
  const used = new Set<string>();
  for (const { flow, folderId } of flows) {
    const dir = pathOf(folderId).join('/');
    const base = `${dir ? `${dir}/` : ''}${safeFileName(flow.name)}`;
    let path = `${base}.json`;
    for (let n = 2; used.has(path.toLowerCase()); n++) path = `${base} (${n}).json`;
    used.add(path.toLowerCase());
    const file: FlowFile = { format: FLOW_FILE_FORMAT, version: FILE_FORMAT_VERSION, flow };
    files[path] = strToU8(JSON.stringify(file, null, 2));
  }
  return { name: `flowbench-${flows.length}-flows-${stamp()}.zip`, mime: 'application/zip', data: zipSync(files) };
}

// ---------------------------------------------------------------------------------------------------------
// Import

/** One importable unit: written whole or not at all. */
interface Unit {
  file: string;
  /** Flows with the folder path (names) they go to, below the import's target folder. */
  flows: Array<{ flow: Flow; path: string[] }>;
}

class ImportProblem extends Error {}

function describe(e: unknown): string {
  if (e instanceof FlowFormatError || e instanceof ImportProblem) return e.message;
  return e instanceof Error ? e.message : String(e);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isZip(file: ExportedFile): boolean {
  const d = file.data;
  return file.name.toLowerCase().endsWith('.zip') || file.mime.includes('zip') || (d.length >= 2 && d[0] === 0x50 && d[1] === 0x4b);
}

function parseJson(text: string): unknown {
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new ImportProblem(`not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  // Before anything recursive (validation, the preview's comparisons, IndexedDB's clone) sees it.
  const problem = foreignJsonProblem(doc);
  if (problem) throw new ImportProblem(problem);
  return doc;
}

/** `restoreFlow` for a document from someone else: refused with a readable reason before it is walked. */
function restoreForeign(raw: unknown): Flow {
  const problem = foreignFlowProblem(raw);
  if (problem) throw new FlowFormatError([problem]);
  return restoreFlow(raw);
}

function checkVersion(doc: Record<string, unknown>): void {
  if (typeof doc.version === 'number' && doc.version > FILE_FORMAT_VERSION) {
    throw new ImportProblem(`written by a newer Flowbench (file format version ${doc.version}); update the app to import it`);
  }
}

/** A JSON document as flows with their folder paths; throws for anything not importable. */
function flowsOfDocument(doc: unknown, basePath: string[]): Unit['flows'] {
  if (!isRecord(doc)) throw new ImportProblem('not a Flowbench file: expected a JSON object');
  if (doc.format === FLOW_FILE_FORMAT) {
    checkVersion(doc);
    return [{ flow: restoreForeign(doc.flow), path: basePath }];
  }
  if (doc.format === BUNDLE_FILE_FORMAT) {
    checkVersion(doc);
    if (!Array.isArray(doc.flows)) throw new ImportProblem('flows: expected an array');
    const folders = Array.isArray(doc.folders) ? doc.folders.filter(isRecord) : [];
    folders.forEach((f, i) => {
      if (typeof f.name !== 'string') throw new ImportProblem(`folders.${i}.name: expected a string`);
      if (f.name.length > MAX_NAME_LENGTH) throw new ImportProblem(`folders.${i}.name: a name of ${f.name.length} characters is longer than the limit of ${MAX_NAME_LENGTH}`);
      if (typeof f.id !== 'string' && typeof f.id !== 'number') throw new ImportProblem(`folders.${i}.id: expected a string`);
      if (f.parentId != null && typeof f.parentId !== 'string' && typeof f.parentId !== 'number') throw new ImportProblem(`folders.${i}.parentId: expected a string or null`);
      if (f.flowIds !== undefined && !(Array.isArray(f.flowIds) && f.flowIds.every((x) => typeof x === 'string'))) throw new ImportProblem(`folders.${i}.flowIds: expected a list of strings`);
    });
    const byId = new Map(folders.map((f) => [String(f.id), f]));
    const folderOfFlow = new Map<string, string>();
    for (const f of folders) for (const id of Array.isArray(f.flowIds) ? f.flowIds : []) folderOfFlow.set(String(id), String(f.id));
    const pathOf = (folderId: string | undefined): string[] => {
      const parts: string[] = [];
      const seen = new Set<string>();
      for (let id = folderId; id && !seen.has(id); id = byId.get(id)?.parentId ? String(byId.get(id)!.parentId) : undefined) {
        seen.add(id);
        const f = byId.get(id);
        if (!f) break;
        parts.unshift(String(f.name));
      }
      return parts;
    };
    return doc.flows.map((raw, i) => {
      try {
        const flow = restoreForeign(raw);
        return { flow, path: [...basePath, ...pathOf(folderOfFlow.get(flow.id))] };
      } catch (e) {
        throw new ImportProblem(`flow ${i + 1}: ${describe(e)}`);
      }
    });
  }
  if (typeof doc.format === 'string') throw new ImportProblem(`unknown file format "${doc.format}"`);
  if ('schemaVersion' in doc || Array.isArray(doc.steps)) return [{ flow: restoreForeign(doc), path: basePath }];
  throw new ImportProblem('not a Flowbench file: it has no "format" and is not a flow document');
}

/** Splits the given files into units; anything unreadable becomes an error entry right away. */
async function readUnits(files: ExportedFile[]): Promise<Array<Unit | ImportReportEntry>> {
  const out: Array<Unit | ImportReportEntry> = [];
  for (const file of files) {
    if (isZip(file)) {
      let entries: Record<string, Uint8Array>;
      try {
        // Off the main thread: inflating even up to the limits takes seconds the page must not freeze for.
        entries = await unzipOffThread(file.data);
      } catch (e) {
        const message = e instanceof ZipError && e.reason === 'limit' ? `too large to import: ${e.message}` : `not a readable ZIP archive (${describe(e)})`;
        out.push({ file: file.name, status: 'error', message });
        continue;
      }
      const names = Object.keys(entries).filter((n) => !n.endsWith('/')).sort();
      if (names.length === 0) out.push({ file: file.name, status: 'error', message: 'the ZIP archive is empty' });
      for (const name of names) {
        const label = `${file.name}/${name}`;
        if (!name.toLowerCase().endsWith('.json') || name.startsWith('__MACOSX/')) {
          out.push({ file: label, status: 'skipped', message: 'not a .json flow file' });
          continue;
        }
        try {
          const dirs = name.split('/').slice(0, -1).filter(Boolean);
          out.push({ file: label, flows: flowsOfDocument(parseJson(strFromU8(entries[name]!)), dirs) });
        } catch (e) {
          out.push({ file: label, status: 'error', message: describe(e) });
        }
      }
      continue;
    }
    try {
      out.push({ file: file.name, flows: flowsOfDocument(parseJson(new TextDecoder().decode(file.data)), []) });
    } catch (e) {
      out.push({ file: file.name, status: 'error', message: describe(e) });
    }
  }
  return out;
}

export async function importFiles(
  db: FlowbenchDb,
  files: ExportedFile[],
  opts: { folderId: string | null; dryRun?: boolean },
): Promise<ImportReportEntry[]> {
  if (opts.folderId && !(await db.folders.get(opts.folderId))) throw notFound('Folder', opts.folderId);
  const report: ImportReportEntry[] = [];
  /** Ids taken by this import so far, so two files with one id do not collide. */
  const claimed = new Set<string>();

  for (const unit of await readUnits(files)) {
    if ('status' in unit) {
      report.push(unit);
      continue;
    }
    const run = async (): Promise<ImportReportEntry[]> => {
      const entries: ImportReportEntry[] = [];
      const folderCache = new Map<string, string | null>();
      const ensureFolder = async (path: string[]): Promise<string | null> => {
        let parent = opts.folderId;
        for (let i = 0; i < path.length; i++) {
          const key = path.slice(0, i + 1).join('/');
          if (folderCache.has(key)) {
            parent = folderCache.get(key)!;
            continue;
          }
          const name = path[i]!;
          const existing = (await db.folders.where('parentKey').equals(toFolderKey(parent)).toArray()).find((f) => f.name === name);
          let id = existing?.id;
          if (!id) {
            id = newId('folder');
            const now = Date.now();
            if (!opts.dryRun) await db.folders.add({ id, parentKey: toFolderKey(parent), name, order: now, createdAt: now, modifiedAt: now });
          }
          folderCache.set(key, id);
          parent = id;
        }
        return parent;
      };
      for (const { flow, path } of unit.flows) {
        const label = unit.flows.length > 1 ? `${unit.file}#${flow.name}` : unit.file;
        const stored = await db.flows.get(flow.id);
        if (stored && !claimed.has(flow.id)) {
          let same = false;
          try {
            same = deepEqual(flowOfRow(stored), flow);
          } catch {
            same = false;
          }
          if (same) {
            entries.push({ file: label, status: 'skipped', flowId: flow.id, message: 'this flow is already here, unchanged' });
            continue;
          }
        }
        const taken = Boolean(stored) || claimed.has(flow.id);
        const target: Flow = taken ? { ...flow, id: newId('flow') } : flow;
        claimed.add(target.id);
        const folderId = await ensureFolder(path);
        if (!opts.dryRun) await db.flows.add(flowRowFor(target, undefined, toFolderKey(folderId), Date.now()));
        const entry: ImportReportEntry = { file: label, status: 'imported', flowId: target.id };
        if (taken) entry.message = 'a different flow with this id exists: imported as a copy with a new id';
        entries.push(entry);
      }
      return entries;
    };
    try {
      report.push(...(opts.dryRun ? await run() : await db.transaction('rw', db.flows, db.folders, run)));
    } catch (e) {
      report.push({ file: unit.file, status: 'error', message: `nothing of this file was imported: ${describe(e)}` });
    }
  }
  return report;
}
