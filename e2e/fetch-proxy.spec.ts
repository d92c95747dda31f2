/**
 * HTTP steps and the loopback fetch proxy (issue 22 item 14). The upstream is a local server whose
 * `/no-cors` answer carries no CORS headers, as most real APIs: the browser engine cannot read it directly.
 * Without the proxy the step fails and says to start it (`npm start`); with the proxy running (started here
 * on its default port, as `npm start` does, allowing 127.0.0.1 by name) the same step succeeds through it.
 */
import { startFetchProxy } from '../server/fetch-proxy/server';
import { FETCH_PROXY_DEFAULT_PORT } from '../src/backends/local/modules/http-proxy-protocol';
import { test, expect } from './fixtures';
import { startLocalServer, type LocalServer } from './local-server';
import { AppPage } from './pages/app-page';

let server: LocalServer;
let portTaken = false;
test.beforeAll(async () => {
  server = await startLocalServer();
  // The app looks for the proxy on its default port; a proxy already there (`npm start` running beside the
  // suite) would decide these journeys, so they are skipped, saying why, rather than passing or failing by luck.
  portTaken = await fetch(`http://127.0.0.1:${FETCH_PROXY_DEFAULT_PORT}/health`).then(
    () => true,
    () => false,
  );
});
test.beforeEach(() => {
  test.skip(portTaken, `something already listens on 127.0.0.1:${FETCH_PROXY_DEFAULT_PORT} (npm start?)`);
});
test.afterAll(async () => {
  await server.close();
});

async function flowCalling(app: AppPage, name: string, url: string): Promise<void> {
  await app.goto();
  await app.newFlow(name);
  await app.addStep('HTTP request');
  await app.fillField('URL', url);
  await app.waitSaved();
}

test('without the fetch proxy, an API without CORS fails and the error says to start it', async ({ page }) => {
  const app = new AppPage(page);
  await flowCalling(app, 'No proxy', `${server.url}/no-cors`);
  await app.runFlow();
  await expect(app.runStatus()).toHaveText(/Failed/, { timeout: 20_000 });
  await expect(page.getByTestId('run-error')).toHaveAttribute('title', /CORS refusal: .*\/no-cors\. Most APIs do not answer pages in a browser \(CORS\)\. Start Flowbench with `npm start`/);
});

test('with the fetch proxy running, the same step succeeds through it', async ({ page }) => {
  const proxy = await startFetchProxy({ port: FETCH_PROXY_DEFAULT_PORT, host: '127.0.0.1', allow: ['127.0.0.1'] });
  try {
    const app = new AppPage(page);
    await flowCalling(app, 'Through the proxy', `${server.url}/no-cors`);
    server.hits.length = 0;
    await app.runFlow();
    await expect(app.runStatus()).toHaveText(/Succeeded/, { timeout: 20_000 });
    expect(server.hits).toEqual(['GET /no-cors']);
    await page.getByTestId('run-step').first().click();
    await page.getByRole('tab', { name: 'Details' }).click();
    await expect(page.getByTestId('run-panel')).toContainText('no cors');
  } finally {
    await proxy.close();
  }
});
