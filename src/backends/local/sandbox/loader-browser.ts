/**
 * Browser loader: the `.wasm` file comes from our own bundle (Vite emits it and gives us its URL), never
 * from a CDN. Only the worker imports this file; Node code uses `nodeQuickJSLoader`.
 */
import type { QuickJSLoader } from './loader';
import wasmUrl from '@jitl/quickjs-wasmfile-release-sync/wasm?url';

export const browserQuickJSLoader: QuickJSLoader = async () => {
  const [{ newQuickJSWASMModuleFromVariant, newVariant }, variantModule] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  return newQuickJSWASMModuleFromVariant(newVariant(variantModule.default, { wasmLocation: wasmUrl }));
};
