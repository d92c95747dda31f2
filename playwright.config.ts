import { defineConfig } from '@playwright/test';

// The suite runs against the production build served by `vite preview`, in Debian's chromium
// (never a Playwright-downloaded browser: nothing outside 127.0.0.1 is reachable here).
// Overridable so several checkouts can run journeys side by side on one machine.
const PORT = Number(process.env.FB_E2E_PORT ?? 4173);
const VFLOW_PORT = Number(process.env.FB_VFLOW_PORT ?? 8787);

export default defineConfig({
  testDir: './e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite preview --host 127.0.0.1 --port ${PORT} --strictPort`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
    {
      // The vFlow test server (server/vflow): journeys in e2e/vflow.spec.ts connect to it and reset it per test.
      command: `npx tsx server/vflow/main.ts --port ${VFLOW_PORT} --host 127.0.0.1`,
      url: `http://127.0.0.1:${VFLOW_PORT}/api/v1/system/health`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
    },
  ],
});
