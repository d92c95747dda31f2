import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// Monaco, elkjs and QuickJS are imported lazily (dynamic import) so they never land in the first bundle.
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-src 'none'",
].join('; ');

/** The production page carries a strict Content-Security-Policy (dev keeps Vite's inline HMR preamble). */
const contentSecurityPolicy: Plugin = {
  name: 'flowbench-csp',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' }],
};

export default defineConfig({
  plugins: [react(), contentSecurityPolicy],
  optimizeDeps: {
    include: ['quickjs-emscripten-core', '@jitl/quickjs-wasmfile-release-sync'],
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
  },
  server: { host: '127.0.0.1' },
});
