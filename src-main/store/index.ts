export { CaseStore } from './case-store.ts';
export type { NewHost } from './hosts.ts';
export { caseApplicationId } from './case-file.ts';
export { latestSchemaVersion } from './migrations.ts';
export { toFtsQuery, type EventFilter, type NewEvent } from './events.ts';
export type { IngestBatch, ProcessRow } from './ingest-batch.ts';
