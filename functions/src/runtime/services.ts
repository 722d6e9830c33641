/**
 * The real services, built once per function instance on first use.
 */
import { createCloudTasksDispatcher } from '../adapters/task-dispatcher';
import { getDb } from '../adapters/firestore';
import { systemClock } from '../domain/clock';
import type { Services } from '../processors/types';
import { createEnqueue } from './enqueue';

let services: Services | undefined;

export function isEmulator(): boolean {
  return process.env.FUNCTIONS_EMULATOR === 'true';
}

export function getServices(): Services {
  if (!services) {
    const db = getDb();
    services = {
      db,
      clock: systemClock,
      enqueue: createEnqueue(db, createCloudTasksDispatcher()),
      inEmulator: isEmulator(),
    };
  }
  return services;
}
