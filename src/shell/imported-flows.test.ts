// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { allowPrivateTargets, markImported, privateTargetsOf, targetsToConfirm } from './imported-flows';
import { sampleFlow, step } from '../model/testing/fixtures';
import type { Flow } from '../model/flow';

function flowWith(params: Record<string, unknown>): Flow {
  const f = sampleFlow();
  return { ...f, id: 'flow_x', steps: { ...f.steps, a: step('a', 'action', { title: 'Reset', params }) } };
}

describe('imported flows reaching private addresses', () => {
  beforeEach(() => localStorage.clear());

  it('finds private URLs anywhere in a step’s params, once per step', () => {
    const f = flowWith({ url: 'http://127.0.0.1:9000/admin/reset', headers: [{ key: 'X', value: 'http://10.1.2.3/' }], again: 'http://127.0.0.1:9000/admin/reset' });
    expect(privateTargetsOf(f)).toEqual([
      { stepId: 'a', title: 'Reset', url: 'http://127.0.0.1:9000/admin/reset' },
      { stepId: 'a', title: 'Reset', url: 'http://10.1.2.3/' },
    ]);
    expect(privateTargetsOf(flowWith({ url: 'https://example.com/' }))).toEqual([]);
  });

  it('asks only for an imported flow, until the user allows it; per backend and flow', () => {
    const f = flowWith({ url: 'http://localhost:8080/x' });
    expect(targetsToConfirm('local', f)).toEqual([]);
    markImported('local', ['flow_x']);
    expect(targetsToConfirm('local', f)).toHaveLength(1);
    expect(targetsToConfirm('other-backend', f)).toEqual([]);
    allowPrivateTargets('local', 'flow_x');
    expect(targetsToConfirm('local', f)).toEqual([]);
    // Importing it again (someone sent a new copy) asks again.
    markImported('local', ['flow_x']);
    expect(targetsToConfirm('local', f)).toHaveLength(1);
  });

  it('an imported flow with only public targets runs without asking', () => {
    markImported('local', ['flow_x']);
    expect(targetsToConfirm('local', flowWith({ url: 'https://api.example.com/' }))).toEqual([]);
  });
});

describe('addresses only known at run time', () => {
  it('are asked about too: a reference in the host, or an address field that is a reference', () => {
    const f = flowWith({ url: 'http://{{steps.lookup.body.host}}/reset', webhookUrl: '{{steps.lookup.body.url}}', note: '{{steps.lookup.body.text}}', other: 'https://example.com/{{inputs.id}}' });
    expect(privateTargetsOf(f)).toEqual([
      { stepId: 'a', title: 'Reset', url: 'http://{{steps.lookup.body.host}}/reset', atRunTime: true },
      { stepId: 'a', title: 'Reset', url: '{{steps.lookup.body.url}}', atRunTime: true },
    ]);
  });
});
