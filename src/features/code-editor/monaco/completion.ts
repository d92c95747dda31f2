/**
 * Completion for function-step code: TypeScript's completions, with one fix over Monaco's built-in provider.
 * Step ids are nanoids and may contain `-` (`step_V1St-GXR8`); after `steps.` Monaco would insert the bare
 * name and leave `steps.step_V1St-GXR8`, a subtraction. Here a member that is not an identifier replaces the
 * dot with a bracket access: `steps["step_V1St-GXR8"]`.
 *
 * The built-in provider is turned off (setup.ts) so the list has no duplicates; details and docs still come
 * from the TypeScript worker.
 */
import type { editor, IDisposable, languages as Languages, Position } from 'monaco-editor';
import { bracketAccess, typedWord } from '../completion-text';
import { isIdentifier } from '../types/ts-type';
import { monaco, typescript } from './setup';

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

const isInfo = (x: unknown): x is Info => !!x && typeof x === 'object' && Array.isArray((x as { entries?: unknown }).entries);

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

async function provide(model: editor.ITextModel, position: Position): Promise<Languages.CompletionList | undefined> {
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
  const suggestions: Item[] = info.entries.map((entry) => {
    let range: Languages.CompletionItem['range'] = wordRange;
    let insertText = entry.name;
    let filterText: string | undefined;
    if (entry.replacementSpan) {
      const a = model.getPositionAt(entry.replacementSpan.start);
      const b = model.getPositionAt(entry.replacementSpan.start + entry.replacementSpan.length);
      range = new monaco.Range(a.lineNumber, a.column, b.lineNumber, b.column);
    } else if (!isIdentifier(entry.name)) {
      const bracket = bracketAccess(lineBefore, wordStart, entry.name);
      if (bracket) {
        insertText = bracket.text;
        filterText = `${lineBefore.slice(bracket.startColumn - 1, wordStart - 1)}${entry.name}`;
        range = new monaco.Range(position.lineNumber, bracket.startColumn, position.lineNumber, position.column);
      }
    }
    const deprecated = entry.kindModifiers?.includes('deprecated');
    return {
      label: entry.name,
      insertText,
      ...(filterText ? { filterText } : {}),
      sortText: entry.sortText,
      kind: kindOf(entry.kind),
      range,
      ...(deprecated ? { tags: [monaco.languages.CompletionItemTag.Deprecated] } : {}),
      fbOffset: offset,
      fbUri: model.uri.toString(),
      fbName: entry.name,
    };
  });
  return { suggestions };
}

async function resolve(item: Item): Promise<Languages.CompletionItem> {
  const getWorker = await typescript.getJavaScriptWorker();
  const worker = await getWorker(monaco.Uri.parse(item.fbUri));
  const details: Details | undefined = await worker.getCompletionEntryDetails(item.fbUri, item.fbOffset, item.fbName);
  if (!details) return item;
  return { ...item, detail: parts(details.displayParts), documentation: { value: parts(details.documentation) } };
}

let registered: IDisposable | null = null;

/** Registers the provider once for JavaScript models. */
export function registerCompletion(): void {
  if (registered) return;
  registered = monaco.languages.registerCompletionItemProvider('javascript', {
    triggerCharacters: ['.'],
    provideCompletionItems: (model, position) => provide(model, position),
    resolveCompletionItem: (item) => resolve(item as Item),
  });
}
