import type { IncomingMessage } from 'node:http';
import { Actor } from '../kernel';

/** The request as AuthGuard leaves it; typed on Node's own request so no Express types are needed. */
export interface AuthenticatedRequest extends IncomingMessage {
  actor?: Actor;
}
