/** Hands an exported file to the browser as a download (a blob URL on an `<a download>`). */
import type { ExportedFile } from '../../backends/types';

export function downloadFile(file: ExportedFile): void {
  // `slice()` gives a copy backed by a plain ArrayBuffer, which every Blob constructor accepts.
  const blob = new Blob([file.data.slice()], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // The download has started by the next task; revoking later keeps slow browsers safe.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Files picked or dropped by the user, as the adapter's import takes them. */
export async function toExportedFiles(files: File[]): Promise<ExportedFile[]> {
  return Promise.all(files.map(async (f) => ({ name: f.name, mime: f.type || 'application/octet-stream', data: new Uint8Array(await f.arrayBuffer()) })));
}
