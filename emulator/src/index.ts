/** The local SCORM Cloud emulator (API V1 under `/api`, V2 under `/api/v2`): `startEmulator()` for tests and tools, `runCli()` for the `bin`. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
export { runCli, parseArgs, CliUsageError } from './cli';
export { EmulatorCore } from './core';
export type { PostbackRetryOptions, DeliveryMode } from './postbacks';
export type { ZipLimits } from './zip';
export type { FaultType } from './faults';
export { methodMatches } from './faults';
export type { V2Options } from './v2/context';
