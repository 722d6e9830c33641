/**
 * The only door to the Sentry runtime (and so to the SDK). An object rather than a bare function
 * so tests can spy on it and prove the SDK is never loaded when monitoring is off.
 */
export const sentryLoader = {
  /** Loads the Sentry runtime module, which imports the SDK (about 320 ms on first load). */
  load: () => import('./sentry-runtime'),
};
