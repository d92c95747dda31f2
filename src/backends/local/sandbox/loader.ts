/**
 * How the QuickJS WebAssembly module is obtained. Injectable because the browser must load the `.wasm`
 * from the bundle (see `loader-browser.ts`) while Node and Vitest let the variant find its file itself.
 */
import type { QuickJSWASMModule } from 'quickjs-emscripten-core';

export type QuickJSLoader = () => Promise<QuickJSWASMModule>;

/** Node, Vitest, tsx: the variant resolves its own `.wasm` next to its JavaScript. Imported lazily. */
export const nodeQuickJSLoader: QuickJSLoader = async () => {
  const [{ newQuickJSWASMModuleFromVariant }, variantModule] = await Promise.all([
    import('quickjs-emscripten-core'),
    import('@jitl/quickjs-wasmfile-release-sync'),
  ]);
  return newQuickJSWASMModuleFromVariant(variantModule.default);
};
