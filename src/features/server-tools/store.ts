/**
 * Which server tool is open: the preview of a flow rendered by the server (`flowExports`), or the webhooks
 * dialog. Opened from the library (and anything else) by these functions; the dialogs load on first use.
 */
import { create } from 'zustand';
import type { FlowExportFormat } from '../../backends/types';

export interface ExportPreviewTarget {
  flowId: string;
  flowName: string;
  format: FlowExportFormat;
}

interface ServerToolsState {
  exportPreview: ExportPreviewTarget | null;
  webhooks: boolean;
}

export const useServerTools = create<ServerToolsState>()(() => ({ exportPreview: null, webhooks: false }));

export const openExportPreview = (target: ExportPreviewTarget) => useServerTools.setState({ exportPreview: target });
export const closeExportPreview = () => useServerTools.setState({ exportPreview: null });
export const openWebhooks = () => useServerTools.setState({ webhooks: true });
export const closeWebhooks = () => useServerTools.setState({ webhooks: false });
