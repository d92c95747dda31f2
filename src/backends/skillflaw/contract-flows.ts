import type { Flow } from '../../model/flow';
import basicPrompting from './fixtures/basic-prompting.json';
import { toFlow } from './mapping';

type Rec = Record<string, unknown>;

/** A starter-project-shaped flow (Chat Input -> Deterministic Model -> Chat Output, a prompt, a note). */
export function sampleFlow(): Flow {
  const row = basicPrompting as Rec & { data: Rec };
  return toFlow({ id: crypto.randomUUID(), name: `Contract flow ${Math.random().toString(36).slice(2, 8)}`, description: String(row.description), tags: ['contract'], data: structuredClone(row.data) });
}
