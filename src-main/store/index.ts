export { CaseStore } from './case-store.ts';
export type { NewHost } from './hosts.ts';
export { caseApplicationId } from './case-file.ts';
export { latestSchemaVersion } from './migrations.ts';
export { toFtsQuery, type EventFilter, type EventSelection, type NewEvent } from './events.ts';
export type { BatchMatch, BatchOutcome, IngestBatch, ProcessRow } from './ingest-batch.ts';
export { processView } from './process-view.ts';
export { signalWindowNs, type NewMatch, type MatchOutcome, type SignalFilter } from './signals.ts';
export type { EventHunt, HuntedEvent, HuntRange } from './hunt.ts';
