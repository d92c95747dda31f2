/**
 * Completion for function-step code: TypeScript's completions, plus the step keys TypeScript leaves out.
 * Step ids are nanoids and may contain `-` (`step_V1St-GXR8`); Monaco asks the worker without
 * `includeCompletionsWithInsertText`, so TypeScript drops such keys after `steps.` rather than offer a
 * bracket access. Here they are offered, and accepting one replaces the dot: `steps["step_V1St-GXR8"]`.
 *
 * Monaco's built-in provider is turned off (setup.ts) so the two never show the same list twice; details and
 * docs of TypeScript's items still come from the worker.
 */
import type { editor, IDisposable, languages as Languages, Position } from 'monaco-editor';
import { bracketAccess, memberAccessAt, typedWord } from '../completion-text';
import { isIdentifier } from '../types/ts-type';
import { monaco, typescript } from './setup';
import { accessKeysOf } from './step-model';

interface Entry {
  name: string;
  kind: string;
  sortText: string;
  kindModifiers?: string;
  replacementSpan?: { start: number; length: number };
}

interface Info {
  entries: Entry[];
}

const isInfo = (x: unknown): x is Info =>
  !!x && typeof x === 'object' && Array.isArray((x as { entries?: unknown }).entries);

interface DisplayPart {
  text: string;
}
interface Details {
  displayParts?: DisplayPart[];
  documentation?: DisplayPart[];
}

const parts = (p: DisplayPart[] | undefined) => (p ?? []).map((x) => x.text).join('');

function kindOf(kind: string): Languages.CompletionItemKind {
  const K = monaco.languages.CompletionItemKind;
  switch (kind) {
    case 'primitive type':
    case 'keyword':
      return K.Keyword;
    case 'var':
    case 'local var':
    case 'const':
    case 'let':
    case 'parameter':
      return K.Variable;
    case 'property':
    case 'getter':
    case 'setter':
      return K.Field;
    case 'function':
    case 'local function':
    case 'method':
    case 'construct':
    case 'call':
    case 'index':
      return K.Function;
    case 'enum':
      return K.Enum;
    case 'module':
      return K.Module;
    case 'class':
      return K.Class;
    case 'interface':
      return K.Interface;
    default:
      return K.Property;
  }
}

interface Item extends Languages.CompletionItem {
  fbOffset: number;
  fbUri: string;
  fbName: string;
}

async function provide(
  model: editor.ITextModel,
  position: Position,
): Promise<Languages.CompletionList | undefined> {
  const getWorker = await typescript.getJavaScriptWorker();
  const worker = await getWorker(model.uri);
  if (model.isDisposed()) return undefined;
  const offset = model.getOffsetAt(position);
  const info: unknown = await worker.getCompletionsAtPosition(model.uri.toString(), offset);
  if (!isInfo(info) || model.isDisposed()) return undefined;
  const lineBefore = model.getLineContent(position.lineNumber).slice(0, position.column - 1);
  const typed = typedWord(lineBefore);
  const wordStart = position.column - typed.length;
  const wordRange = new monaco.Range(position.lineNumber, wordStart, position.lineNumber, position.column);
  const keys = accessKeysOf(model.uri.toString());
  // Steps are offered by name; their ids stay valid in code but are not suggested.
  const hidden = new Set(keys && memberAccessAt(lineBefore, [keys.root]) ? keys.hidden : []);
  const suggestions: Languages.CompletionItem[] = info.entries.filter((entry) => !hidden.has(entry.name)).map((entry): Item => {
    let range: Languages.CompletionItem['range'] = wordRange;
    if (entry.replacementSpan) {
      const a = model.getPositionAt(entry.replacementSpan.start);
      const b = model.getPositionAt(entry.replacementSpan.start + entry.replacementSpan.length);
      range = new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
    }
    const deprecated = entry.kindModifiers?.includes('deprecated');
    return {
      label: entry.name,
      insertText: entry.name,
      sortText: entry.sortText,
      kind: kindOf(entry.kind),
      range,
      ...(deprecated ? { tags: [monaco.languages.CompletionItemTag.Deprecated] } : {}),
      fbOffset: offset,
      fbUri: model.uri.toString(),
      fbName: entry.name,
    };
  });
  const access = keys ? memberAccessAt(lineBefore, [keys.root]) : null;
  if (keys && access) {
    const start = position.column - access.typed.length;
    for (const key of keys.keys) {
      if (isIdentifier(key.name)) continue;
      const bracket = bracketAccess(lineBefore, start, key.name);
      if (!bracket) continue;
      suggestions.push({
        label: { label: key.name, description: key.detail },
        insertText: bracket.text,
        filterText: `${lineBefore.slice(bracket.startColumn - 1, start - 1)}${key.name}`,
        detail: key.detail,
        sortText: '11',
        kind: monaco.languages.CompletionItemKind.Field,
        range: new monaco.Range(
          position.lineNumber,
          bracket.startColumn,
          position.lineNumber,
          position.column,
        ),
      });
    }
  }
  return { suggestions };
}

async function resolve(item: Item): Promise<Languages.CompletionItem> {
  const getWorker = await typescript.getJavaScriptWorker();
  const worker = await getWorker(monaco.Uri.parse(item.fbUri));
  const details: Details | undefined = await worker.getCompletionEntryDetails(
    item.fbUri,
    item.fbOffset,
    item.fbName,
  );
  if (!details) return item;
  return {
    ...item,
    detail: parts(details.displayParts),
    documentation: { value: parts(details.documentation) },
  };
}

let registered: IDisposable | null = null;

/** Registers the provider once for JavaScript models. */
export function registerCompletion(): void {
  if (registered) return;
  registered = monaco.languages.registerCompletionItemProvider('javascript', {
    triggerCharacters: ['.'],
    provideCompletionItems: (model, position) => provide(model, position),
    // Only TypeScript's items carry `fbUri`; the added step keys are complete as they are.
    resolveCompletionItem: (item) => ('fbUri' in item ? resolve(item as Item) : item),
  });
}
