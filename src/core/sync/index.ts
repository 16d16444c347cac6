export {
  recordKey,
  SYNC_KINDS,
  type SyncKind,
  type SyncRecord,
  type SyncState,
  type SyncValue,
} from './types.ts';
export {
  compareVersions,
  liveRecords,
  localVersion,
  merge,
  mergeWithReport,
  parseSyncRecord,
  stateFrom,
  type LocalChange,
  type MergeConflict,
  type MergeReport,
} from './merge.ts';
export { acknowledge, enqueue, retryDelayMs, type Outbox } from './outbox.ts';
export {
  SyncEngine,
  type SyncEngineOptions,
  type SyncRemote,
  type SyncSnapshot,
  type SyncStatus,
} from './engine.ts';
