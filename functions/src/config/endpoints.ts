/**
 * Where outbound calls go. Overrides that point Stripe or the platforms' oEmbed endpoints at local
 * stand-ins are honoured only inside the Firebase emulator (`FUNCTIONS_EMULATOR=true`): a
 * production deploy with a stray override still talks to the real services.
 */
import { OEMBED_BASE_URL, STRIPE_API_BASE_URL } from './params';

export function inEmulator(): boolean {
  return process.env.FUNCTIONS_EMULATOR === 'true';
}

function emulatorOnly(value: string): string | null {
  return inEmulator() && value.trim() ? value.trim().replace(/\/+$/, '') : null;
}

export function stripeApiBaseUrl(): string | null {
  return emulatorOnly(STRIPE_API_BASE_URL.value());
}

export function oembedBaseUrl(): string | null {
  return emulatorOnly(OEMBED_BASE_URL.value());
}
