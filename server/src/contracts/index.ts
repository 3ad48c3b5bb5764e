/** The shapes that cross HTTP between the server and the admin. Types only (see README.md). */
export type * from './pagination';
export type * from './courses';
export type * from './registrations';
export type * from './settings';
export type * from './poller';
export type * from './postbacks';
export type * from './results';
export type * from './learners';
