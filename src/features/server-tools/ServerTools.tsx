/**
 * What a backend's server offers beyond flows and runs, for any backend that declares it: the password
 * prompt (`askSecret`), the preview of a server-rendered export (`flowExports`) and webhooks (`webhooks`).
 * Mounted once by the shell. The two dialogs load the first time they are opened (the export preview pulls
 * in Monaco), and stay mounted after that so closing animates.
 */
import { lazy, Suspense, useState } from 'react';
import { SecretPrompt } from './SecretPrompt';
import { useServerTools } from './store';

const ExportPreviewDialog = lazy(() => import('./ExportPreviewDialog'));
const WebhooksDialog = lazy(() => import('./WebhooksDialog'));

export function ServerTools() {
  const exportOpen = useServerTools((s) => s.exportPreview !== null);
  const webhooksOpen = useServerTools((s) => s.webhooks);
  const [loaded, setLoaded] = useState({ export: false, webhooks: false });
  if ((exportOpen && !loaded.export) || (webhooksOpen && !loaded.webhooks)) {
    setLoaded({ export: loaded.export || exportOpen, webhooks: loaded.webhooks || webhooksOpen });
  }
  return (
    <>
      <SecretPrompt />
      <Suspense fallback={null}>
        {loaded.export && <ExportPreviewDialog />}
        {loaded.webhooks && <WebhooksDialog />}
      </Suspense>
    </>
  );
}
