export { buildProgram, runCli, defaultRendererDir, type CliIo } from './program.ts';
