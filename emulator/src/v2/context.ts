import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AppCredentials } from '../auth';
import type { EmulatorCore } from '../core';
import type { V2Caller, TokenBook } from './auth';

export interface V2Options {
  /** Items per page of `GET /courses` and `GET /registrations` (the reference knows no real value). */
  pageSize: number;
}

export const DEFAULT_V2_OPTIONS: V2Options = { pageSize: 100 };

export interface V2Context {
  core: EmulatorCore;
  apps: Map<string, AppCredentials>;
  tokens: TokenBook;
  options: V2Options;
  maxBodyBytes: number;
  discardPackages?: boolean;
  /** `http://host:port`, known once the server listens. */
  baseUrl(): string;
  log(msg: string): void;
}

export interface RouteCall {
  ctx: V2Context;
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path parameters by the names in the template. */
  path: Record<string, string>;
  caller: V2Caller;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  /** Relative to `/api/v2`, with `{name}` path parameters, as the generated clients write them. */
  template: string;
  /** The OAuth scope a bearer token needs; `basicOnly` for the token endpoint. */
  scope: string | 'basicOnly';
  /** Browsers may call it (CORS preflight answered). */
  cors?: boolean;
  run(call: RouteCall): Promise<void> | void;
}
