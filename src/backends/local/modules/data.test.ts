import { describe, expect, it } from 'vitest';
import { blockFlow, s } from '../engine/test-flows';
import { collect } from '../engine/test-run';

describe('data and system modules', () => {
  it('parses and stringifies JSON', async () => {
    const r = await collect(
      blockFlow([
        s('p', 'core.json_parse', { text: '{"a":[1,2,{"b":"{{inputs.x}}"}]}' }),
        s('str', 'core.json_stringify', { value: '{{steps.p.value.a}}' }),
        s('pretty', 'core.json_stringify', { value: '{{steps.p.value}}', pretty: true }),
      ]),
      { inputs: { x: 'y' } },
    );
    expect(r.finished('p')[0]?.outputs).toEqual({ value: { a: [1, 2, { b: 'y' }] } });
    expect(r.finished('str')[0]?.outputs).toEqual({ text: '[1,2,{"b":"y"}]' });
    expect((r.finished('pretty')[0]?.outputs as { text: string }).text).toContain('\n  "a"');
  });

  it('reports invalid JSON and invalid variable names', async () => {
    const bad = await collect(blockFlow([s('p', 'core.json_parse', { text: '{nope' })]));
    expect(bad.finished('p')[0]?.error?.message).toMatch(/not valid JSON/);
    const name = await collect(blockFlow([s('v', 'core.set_variable', { name: '1abc', value: 1 })]));
    expect(name.finished('v')[0]?.error?.message).toMatch(/not a valid variable name/);
  });

  it('logs at the requested level and sets the run output', async () => {
    const r = await collect(blockFlow([s('l', 'core.log', { level: 'warn', message: 'n={{inputs.n}}' }), s('o', 'core.output', { value: '{{inputs.n}}' }), s('after', 'core.log', { message: 'x' })]), {
      inputs: { n: 3 },
    });
    expect(r.logs()[0]).toMatchObject({ level: 'warn', message: 'n=3', stepId: 'l' });
    // The explicit output wins over the last step's outputs.
    expect(r.result.outputs).toBe(3);
  });

  it('delays', async () => {
    const started = Date.now();
    const r = await collect(blockFlow([s('d', 'core.delay', { ms: 60 })]));
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    expect((r.finished('d')[0]?.outputs as { delayedMs: number }).delayedMs).toBeGreaterThanOrEqual(55);
  });

  it('coerces run inputs to their declared types', async () => {
    const r = await collect(blockFlow([s('t', 'core.manual_trigger')], {
      inputs: [
        { id: 'n', label: 'N', type: 'number' },
        { id: 'b', label: 'B', type: 'boolean' },
        { id: 'j', label: 'J', type: 'json' },
        { id: 'd', label: 'D', type: 'string', defaultValue: 'dflt' },
      ],
    }), { inputs: { n: '4.5', b: 'false', j: '{"k":1}' } });
    expect(r.finished('t')[0]?.outputs).toEqual({ n: 4.5, b: false, j: { k: 1 }, d: 'dflt' });
    const bad = await collect(blockFlow([s('t', 'core.manual_trigger')], { inputs: [{ id: 'n', label: 'N', type: 'number' }] }), { inputs: { n: 'abc' } });
    expect(bad.finished('t')[0]?.error?.message).toMatch(/must be a number/);
  });
});
