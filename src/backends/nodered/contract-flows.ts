import type { Flow } from '../../model/flow';
import { newId } from '../../model/ids';
import { flowFromContainer } from './mapping';
import type { NodeObject } from './schemas';

export const hex = () => newId('n').replace(/[^a-z0-9]/gi, '').slice(-12).padStart(12, '0');

/** A Node-RED-shaped tab (inject → change → debug), mapped by the adapter's own mapping: a fixed point. */
export function tabFlow(name: string): Flow {
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
export function slowFlow(): Flow {
  const flow = tabFlow(`Contract slow ${hex()}`);
  const change = flow.root.find((id) => flow.steps[id]!.type === 'change')!;
  flow.steps[change] = {
    ...flow.steps[change]!,
    type: 'delay',
    params: { pauseType: 'delay', timeout: '1500', timeoutUnits: 'milliseconds', rate: '1', nbRateUnits: '1', rateUnits: 'second', randomFirst: '1', randomLast: '5', randomUnits: 'seconds', drop: false, allowrate: false, outputs: 1 },
  };
  return flow;
}
