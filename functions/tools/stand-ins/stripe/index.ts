export { startStripeStandIn, type StripeStandInOptions } from './server';
export { signWebhookPayload } from './sign-webhook';
export type { StripeFaultSpec, StripeFaultKind, StripeEndpoint } from './faults';
export type { StripeStateSnapshot, SettlementResult } from './admin-routes';
