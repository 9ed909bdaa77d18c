export { importSensorStream, recordingHostName, type ImportOptions, type ImportResult } from './import-stream.ts';
export { parseSensorLine, LineError, maxLineBytes, spoolIdOf, type SensorLine } from './sensor-line.ts';
export { HostIngest, type IngestCounters, type IngestProblem, type StreamHealth } from './host-ingest.ts';
export { RateMeter } from './rate-meter.ts';
export { HostCapture, type CaptureState, type StreamChannel, type StreamPosition, type StreamSource } from './capture.ts';
