import type { Flow } from '../../model/flow';
import { describeAdapterContract } from '../contract/contract-suite';
import { startSkillflawRig } from '../../../server/skillflaw/test-rig';
import { createBackend, settingsFromEnv } from '../kinds';
import basicPrompting from './fixtures/basic-prompting.json';
import { toFlow } from './mapping';

type Rec = Record<string, unknown>;

/** A starter-project-shaped flow (Chat Input -> Deterministic Model -> Chat Output, a prompt, a note). */
function sampleFlow(): Flow {
  const row = basicPrompting as Rec & { data: Rec };
  return toFlow({ id: crypto.randomUUID(), name: `Contract flow ${Math.random().toString(36).slice(2, 8)}`, description: String(row.description), tags: ['contract'], data: structuredClone(row.data) });
}

/** The same graph with a long question: the model streams ~300 tokens, long enough to cancel half-way. */
function slowFlow(): Flow {
  const flow = sampleFlow();
  flow.steps['ChatInput-jFwUm']!.params.input_value = Array.from({ length: 300 }, (_, i) => `word${i}`).join(' ');
  return flow;
}

const env = settingsFromEnv('skillflaw', process.env);

if (env) {
  // Against a real SkillFlaw / Langflow: `FLOWBENCH_SKILLFLAW_URL` plus `_USER` / `_PASSWORD` or `_KEY`
  // (neither: the server's auto-login).
  const authMode = env.apiKey ? 'api-key' : env.username ? 'password' : 'auto';
  describeAdapterContract(
    `skillflaw (${String(env.baseUrl)})`,
    async () => ({ adapter: await createBackend('skillflaw', { ...env, authMode, paths: process.env.FLOWBENCH_SKILLFLAW_PATHS ?? '' }), cleanup: () => undefined }),
    { sampleFlow, runnableFlow: sampleFlow, expectRunSuccess: false },
  );
} else {
  describeAdapterContract(
    'skillflaw (test server)',
    async () => {
      const rig = await startSkillflawRig({ tokenDelayMs: 4 });
      return { adapter: rig.adapter, cleanup: () => rig.close() };
    },
    { sampleFlow, runnableFlow: sampleFlow, slowFlow, runInputs: { input_value: 'hello' } },
  );
}
