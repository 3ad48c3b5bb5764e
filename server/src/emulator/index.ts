/** The local SCORM Cloud V1 emulator: `startEmulator()` for tests and tools, `runCli()` for the `bin`. */
export { startEmulator, type EmulatorOptions, type RunningEmulator } from './server';
export { runCli, parseArgs, CliUsageError } from './cli';
export { EmulatorCore } from './core';
export type { PostbackRetryOptions, DeliveryMode } from './postbacks';
export type { ZipLimits } from './zip';
export type { FaultType } from './faults';
