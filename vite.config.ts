import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Monaco, elkjs and QuickJS are imported lazily (dynamic import) so they never land in the first bundle.
export default defineConfig({
  plugins: [react()],
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
