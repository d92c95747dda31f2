/**
 * The app as the benchmark drives it: the production build of the app's own Vite config, written to
 * dist-baseline/app/, plus one tiny inline script that loads the bench hook (src/bench-hooks, a lazy chunk)
 * only when the URL has `?bench`. Nothing else differs from `npm run build`; the hook is never part of the
 * first load (bench/run.ts measures first-load JS without it).
 */
import { fileURLToPath } from 'node:url';
import { mergeConfig, type Plugin } from 'vite';
import appConfig from '../vite.config';

export const BENCH_HOOK_MARKER = 'fb-bench-hook';

function benchHook(): Plugin {
  return {
    name: 'flowbench-bench-hook',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [
        {
          tag: 'script',
          attrs: { type: 'module', id: BENCH_HOOK_MARKER },
          children: "if (/[?&]bench\\b/.test(location.search)) import('/src/bench-hooks/index.ts');",
          injectTo: 'body',
        },
      ],
    },
  };
}

export default mergeConfig(appConfig, {
  root: fileURLToPath(new URL('..', import.meta.url)),
  plugins: [benchHook()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../dist-baseline/app', import.meta.url)),
    emptyOutDir: true,
  },
});
