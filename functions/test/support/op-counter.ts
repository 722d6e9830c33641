/**
 * Counts the Firestore reads and writes made in this process, by patching the Admin SDK's
 * classes: writes at WriteBatch (transactions and single-document writes go through it), reads at
 * the public read entry points, a query counting the documents it returned (at least one, as
 * Firestore bills). Aggregation queries are not counted (the lifecycle makes none). Used by the soak test to measure one lifecycle's operations.
 */
import {
  DocumentReference,
  Firestore,
  Query,
  Transaction,
  WriteBatch,
} from 'firebase-admin/firestore';

export interface OperationCounts {
  reads: number;
  writes: number;
  transactions: number;
}

const counts: OperationCounts = { reads: 0, writes: 0, transactions: 0 };
let installed = false;

type Method = (...args: unknown[]) => unknown;

function wrap(proto: object, name: string, count: (result: unknown, args: unknown[]) => void) {
  const target = proto as Record<string, Method>;
  const original = target[name] as Method;
  target[name] = function (this: unknown, ...args: unknown[]) {
    const result = original.apply(this, args);
    if (result instanceof Promise) return result.then((value) => (count(value, args), value));
    count(result, args);
    return result;
  };
}

function readsOf(result: unknown): number {
  const size = (result as { size?: unknown } | null)?.size;
  return typeof size === 'number' ? Math.max(1, size) : 1;
}

export function installOperationCounter(): void {
  if (installed) return;
  installed = true;
  const write = () => (counts.writes += 1);
  for (const name of ['set', 'create', 'update', 'delete']) wrap(WriteBatch.prototype, name, write);
  wrap(DocumentReference.prototype, 'get', () => (counts.reads += 1));
  wrap(Query.prototype, 'get', (result) => (counts.reads += readsOf(result)));
  wrap(Transaction.prototype, 'get', (result) => (counts.reads += readsOf(result)));
  wrap(Firestore.prototype, 'runTransaction', () => (counts.transactions += 1));
}

export function operationCounts(): OperationCounts {
  return { ...counts };
}
