import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../i18n/locales/en/errors.json';
import zh from '../i18n/locales/zh/errors.json';
import { i18next } from '../i18n';
import { BackendError } from '../backends/types';
import { insertStep, moveStep, OpError, outdentStep, wrapInBlock } from '../model/ops';
import { setStepFields } from '../model/ops-fields';
import { connect, disconnect } from '../model/ops-graph';
import { BACKEND_ERROR_CODES, errorText, OP_ERROR_CODES } from './error-text';
import type { Flow } from '../model/flow';
import { sampleFlow, step } from '../model/testing/fixtures';

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
type Table = Record<string, string>;

describe('error texts: every code has a translation', () => {
  it.each([
    ['backend', BACKEND_ERROR_CODES as readonly string[]],
    ['op', OP_ERROR_CODES as readonly string[]],
  ] as const)('%s codes are in the English and the Chinese file, with the same placeholders', (group, codes) => {
    const enTable = en[group] as Table;
    const zhTable = zh[group] as Table;
    for (const code of codes) {
      expect(enTable[code], `en ${group}.${code}`).toEqual(expect.any(String));
      expect(zhTable[code], `zh ${group}.${code}`).toEqual(expect.any(String));
      expect(placeholders(zhTable[code]!), `${group}.${code}`).toEqual(placeholders(enTable[code]!));
    }
    // No stale keys either: the files hold exactly the codes.
    expect(Object.keys(enTable).sort()).toEqual([...codes].sort());
  });

  it('the Chinese texts are Chinese (no English sentence left in them)', () => {
    for (const [code, text] of Object.entries({ ...zh.backend, ...zh.op })) {
      const withoutValues = text.replace(/\{\{\w+\}\}/g, '').replace(/\b(if|loop|insertSteps?|ID)\b/g, '');
      expect(withoutValues, code).not.toMatch(/[A-Za-z]{3,}/);
      expect(text, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

const flow = (): Flow => sampleFlow();

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('error texts in Chinese', () => {
  beforeAll(() => i18next.changeLanguage('zh'));
  afterAll(() => i18next.changeLanguage('en'));

  it.each([
    ['insert into a missing branch', () => insertStep(flow(), step('z'), { parent: 'a', branch: 'then', index: 0 })],
    ['insert out of range', () => insertStep(flow(), step('z'), { parent: null, branch: null, index: 9 })],
    ['outdent a top-level step', () => outdentStep(flow(), 't')],
    ['move a missing step', () => moveStep(flow(), 'nope', { parent: null, branch: null, index: 0 })],
    ['wrap nothing', () => wrapInBlock(flow(), [], step('w', 'if'))],
    ['a negative time limit', () => setStepFields(flow(), 'a', { timeoutMs: -1 })],
    ['remove a missing connection', () => disconnect(flow(), 'e1')],
    ['connect a step to itself', () => connect(flow(), { source: 'a', sourcePort: 'out', target: 'a' })],
    ['connect from an output the step lacks', () => connect(flow(), { source: 'a', sourcePort: 'true', target: 'e' })],
    ['connect into an input the step lacks', () => connect(flow(), { source: 'a', sourcePort: 'out', target: 'e', targetPort: 'nope' })],
    ['connect backwards into a cycle', () => connect(flow(), { source: 'e', sourcePort: 'out', target: 't' })],
  ])('%s: a Chinese sentence, no English one', (_name, edit) => {
    const e = thrown(edit);
    expect(e).toBeInstanceOf(OpError);
    const text = errorText(e);
    expect(text).toMatch(/[\u4e00-\u9fff]/);
    expect(text).not.toContain((e as OpError).message);
    expect(text.replace(/\b(if|loop|action|then|nope|e1|a|t|true|out|in)\b/g, '')).not.toMatch(/[A-Za-z]{3,}/);
  });

  it('a backend error: translated by its code, the server words verbatim beside it', () => {
    const e = new BackendError('invalid', 'The server refused the flow (HTTP 400).', { serverMessage: 'field "steps" is required' });
    const text = errorText(e);
    expect(text).toContain(zh.backend.invalid);
    expect(text).toContain('field "steps" is required');
    expect(text).not.toContain('The server refused');
  });

  it('a backend error without server words keeps the adapter message as the original', () => {
    const text = errorText(new BackendError('not-found', 'Flow "x" does not exist (any more). Refresh the list.'));
    expect(text).toContain(zh.backend['not-found']);
    expect(text).toContain('原文');
    expect(text).toContain('Flow "x" does not exist');
  });

  it('a backend error that crossed a worker as a plain object is still recognised', () => {
    const plain = { name: 'BackendError', code: 'network', message: 'could not reach', retryable: true };
    expect(errorText(plain)).toContain(zh.backend.network);
  });
});

describe('error texts in English', () => {
  it('an op error reads as its English sentence', () => {
    expect(errorText(thrown(() => outdentStep(flow(), 't')))).toBe('This step is not inside a block.');
  });

  it("a backend error is the adapter's message, with the server's words when it does not carry them", () => {
    expect(errorText(new BackendError('invalid', 'Refused (HTTP 400).', { serverMessage: 'bad steps' }))).toBe('Refused (HTTP 400). (the server said: “bad steps”)');
    expect(errorText(new BackendError('invalid', 'Refused: bad steps', { serverMessage: 'bad steps' }))).toBe('Refused: bad steps');
  });

  it('other errors and values', () => {
    expect(errorText(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(errorText('plain')).toBe('plain');
    expect(errorText(undefined)).toBe('');
  });
});
