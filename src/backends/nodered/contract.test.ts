/**
 * The shared adapter contract against Node-RED: a real engine started for this file by default, or any
 * running Node-RED when FLOWBENCH_NODERED_URL is set (with FLOWBENCH_NODERED_USER + _PASSWORD for adminAuth
 * credentials, or FLOWBENCH_NODERED_TOKEN for a static token). The tests create every flow they use, with
 * fresh ids, and delete nothing they did not create; the trace plugin is optional on a remote server.
 */
import { afterAll, beforeAll } from 'vitest';
import type { NodeRedEngine } from '../../../server/nodered/engine';
import type { Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { describeAdapterContract } from '../contract/contract-suite';
import type { NodeRedAuth } from './client';
import { flowFromContainer } from './mapping';
import type { NodeObject } from './schemas';
import { adapterFor, engine } from './test-rig';

const remote = process.env.FLOWBENCH_NODERED_URL;
const auth: NodeRedAuth = process.env.FLOWBENCH_NODERED_TOKEN
  ? { kind: 'token', token: process.env.FLOWBENCH_NODERED_TOKEN }
  : process.env.FLOWBENCH_NODERED_USER
    ? { kind: 'credentials', username: process.env.FLOWBENCH_NODERED_USER, password: process.env.FLOWBENCH_NODERED_PASSWORD ?? '' }
    : { kind: 'none' };

const hex = () => newId('n').replace(/[^a-z0-9]/gi, '').slice(-12).padStart(12, '0');

/** A Node-RED-shaped tab (inject → change → debug), mapped by the adapter's own mapping: a fixed point. */
function tabFlow(name: string): Flow {
  const tab = `fb${hex()}`;
  const [i, c, d] = [`fbi${hex()}`, `fbc${hex()}`, `fbd${hex()}`];
  const objects: NodeObject[] = [
    { id: tab, type: 'tab', label: name, disabled: false, info: 'Saved by the adapter contract suite.', env: [] },
    { id: i, type: 'inject', z: tab, name: 'start', props: [{ p: 'payload' }], repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', payload: 'hello', payloadType: 'str', x: 120, y: 80, wires: [[c]] },
    { id: c, type: 'change', z: tab, name: 'shout', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'HELLO', tot: 'str' }], action: '', property: '', from: '', to: '', reg: false, x: 300, y: 80, wires: [[d]] },
    { id: d, type: 'debug', z: tab, name: 'out', active: true, tosidebar: true, console: false, tostatus: false, complete: 'payload', targetType: 'msg', statusVal: '', statusType: 'auto', x: 480, y: 80, wires: [] },
  ] as NodeObject[];
  return flowFromContainer(objects, tab, (t) => (t === 'inject' ? 'trigger' : 'action'))!;
}

/** inject → a 1.5 s delay: long enough to be cancelled half-way. */
function slowFlow(): Flow {
  const flow = tabFlow(`Contract slow ${hex()}`);
  const change = flow.root.find((id) => flow.steps[id]!.type === 'change')!;
  flow.steps[change] = {
    ...flow.steps[change]!,
    type: 'delay',
    params: { pauseType: 'delay', timeout: '1500', timeoutUnits: 'milliseconds', rate: '1', nbRateUnits: '1', rateUnits: 'second', randomFirst: '1', randomLast: '5', randomUnits: 'seconds', drop: false, allowrate: false, outputs: 1 },
  };
  return flow;
}

// One engine for the whole file (the suite makes an adapter per test; each gets its own flows).
let shared: Promise<NodeRedEngine> | null = null;
// Started before the suite's per-test hooks, with room for a slow start on a busy machine.
beforeAll(async () => {
  if (!remote) await (shared ??= engine());
}, 90_000);
afterAll(async () => {
  if (shared) await (await shared).stop();
}, 30_000);

describeAdapterContract(
  remote ? `nodered (${remote})` : 'nodered (node-red 4.1.15, started for the suite)',
  async () => {
    if (remote) return { adapter: adapterFor(remote, { auth }), cleanup: () => undefined };
    const red = await (shared ??= engine());
    return { adapter: adapterFor(red.url), cleanup: () => undefined };
  },
  {
    sampleFlow: () => tabFlow(`Contract flow ${hex()}`),
    runnableFlow: () => tabFlow(`Contract run ${hex()}`),
    slowFlow,
  },
);
