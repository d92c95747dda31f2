import type { Flow } from '../../model/flow';
import { describeAdapterContract } from '../contract/contract-suite';
import { startSkillflawRig } from '../../../server/skillflaw/test-rig';
import { createBackend, settingsFromEnv } from '../kinds';
import { sampleFlow } from './contract-flows';

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
