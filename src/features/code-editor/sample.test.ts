import { describe, expect, it } from 'vitest';
import { BUILTIN_MODULES } from '../../backends/local/modules';
import { emptyFlow, type Flow } from '../../model/flow';
import { defaultSample, formatValue, parseSample, sampleRequest } from './sample';

function flow(): Flow {
  const f = emptyFlow('f', 'F');
  return {
    ...f,
    steps: {
      t: { id: 't', kind: 'trigger', type: 'core.manual_trigger', title: 'Start', params: {} },
      h: { id: 'h', kind: 'action', type: 'core.http_request', title: 'Fetch', params: {} },
      fn: { id: 'fn', kind: 'action', type: 'core.function', title: 'Code', params: { code: 'return 1' } },
      later: { id: 'later', kind: 'action', type: 'core.log', title: 'Later', params: {} },
    },
    root: ['t', 'h', 'fn', 'later'],
    inputs: [
      { id: 'name', label: 'name', type: 'string', defaultValue: 'Ada' },
      { id: 'n', label: 'n', type: 'number' },
    ],
  };
}

describe('defaultSample', () => {
  it('uses placeholders shaped like the outputs before any run, keyed by step name', () => {
    expect(defaultSample(flow(), 'fn', BUILTIN_MODULES)).toEqual({
      inputs: { name: 'Ada', n: 0 },
      steps: { Start: { name: 'Ada', n: 0 }, Fetch: { statusCode: 0, headers: {}, body: null } },
    });
  });

  it('sends the sample by step id (names and ids both accepted, other keys kept)', () => {
    expect(sampleRequest(flow(), { steps: { Start: 1, h: 2, nobody: 3 }, inputs: { a: 1 } })).toEqual({ steps: { t: 1, h: 2, nobody: 3 }, inputs: { a: 1 } });
  });

  it('uses the last run where there is one', () => {
    const sample = defaultSample(flow(), 'fn', BUILTIN_MODULES, {
      inputs: { name: 'Bob', n: 2 },
      outputs: {
        t: { name: 'Bob', n: 2 },
        h: { statusCode: 200, headers: {}, body: { ok: 1 } },
        later: { message: 'x' },
      },
    });
    expect(sample).toEqual({
      inputs: { name: 'Bob', n: 2 },
      steps: { Start: { name: 'Bob', n: 2 }, Fetch: { statusCode: 200, headers: {}, body: { ok: 1 } } },
    });
  });
});

describe('parseSample', () => {
  it('accepts steps and inputs', () => {
    expect(parseSample('{"steps":{"a":1},"inputs":{}}')).toEqual({
      ok: true,
      sample: { steps: { a: 1 }, inputs: {} },
    });
    expect(parseSample('{}')).toEqual({ ok: true, sample: { steps: {}, inputs: {} } });
  });

  it('says where the JSON is broken', () => {
    const r = parseSample('{\n  "steps": {,\n}');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.key).toBe('test.sampleInvalidJson');
      expect(r.values.line).toBe(2);
      expect(r.values.column).toBe(13);
    }
  });

  it('rejects other shapes', () => {
    expect(parseSample('[]')).toMatchObject({ ok: false, key: 'test.sampleNotObject' });
    expect(parseSample('{"step":{}}')).toMatchObject({
      ok: false,
      key: 'test.sampleUnknownKeys',
      values: { keys: 'step' },
    });
    expect(parseSample('{"inputs":3}')).toMatchObject({
      ok: false,
      key: 'test.sampleFieldNotObject',
      values: { key: 'inputs' },
    });
  });
});

describe('formatValue', () => {
  it('pretty-prints and cuts', () => {
    expect(formatValue({ a: 1 }).text).toBe('{\n  "a": 1\n}');
    expect(formatValue(undefined).text).toBe('undefined');
    expect(formatValue('x'.repeat(50), 10)).toEqual({ text: '"xxxxxxxxx', truncated: true });
  });
});

describe('defaultSample for a Node-RED function node', () => {
  const f: Flow = {
    ...emptyFlow('tab', 'Tab', 'nodered'),
    structure: 'graph',
    steps: {
      inj: { id: 'inj', type: 'inject', title: '', kind: 'action', params: {} },
      fn: { id: 'fn', type: 'function', title: '', kind: 'action', params: { func: 'return msg;' } },
    },
    root: ['inj', 'fn'],
    edges: [{ id: 'e', source: 'inj', sourcePort: '0', target: 'fn', targetPort: 'in' }],
  };
  it('is one msg: what the wired node sent last run, else an empty message', () => {
    expect(defaultSample(f, 'fn', [])).toEqual({ steps: {}, inputs: { msg: { payload: '', topic: '' } } });
    const lastRun = { outputs: { inj: { '0': { _msgid: 'a', payload: 3 } } }, inputs: {} };
    expect(defaultSample(f, 'fn', [], lastRun)).toEqual({ steps: {}, inputs: { msg: { _msgid: 'a', payload: 3 } } });
  });
});
