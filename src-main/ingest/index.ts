export { importSensorStream, type ImportResult } from './import-stream.ts';
export { parseSensorLine, LineError, maxLineBytes, type SensorLine } from './sensor-line.ts';
