/** Backend connections: saved connections of every kind, the backend switcher, the connections dialog. See README.md. */
export { BackendSwitcher, ConnectionProblem, openConnections } from './BackendSwitcher';
// ConnectionsDialog is not re-exported: it loads lazily from BackendSwitcher (the forms layer stays out of the first load).
export { useModuleOutputsSync } from './useModuleOutputsSync';
export { connectionsStore } from './store';
export { adapterForConnection } from './adapters';
