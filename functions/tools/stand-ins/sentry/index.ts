export {
  startSentryStandIn,
  type SentryStandInOptions,
  type StoredEnvelope,
  type StoredItem,
} from './server';
export type { EnvelopeItem } from './envelope';
