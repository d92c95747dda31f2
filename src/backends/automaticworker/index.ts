/** Public surface of the AutoMaticWorker backend folder. */
export { automaticworkerDescriptor } from './descriptor';
export { createAmwAdapter, type AmwAdapter, type AmwAdapterOptions, type Webhook, WEBHOOK_EVENTS } from './adapter';
export { AMW_DIALECT, documentToFlow, flowToDocument } from './mapping';
export { automaticworkerSyntax } from './references';
