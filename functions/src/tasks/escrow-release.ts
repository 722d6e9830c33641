/** The three priority lanes of the `escrow_release` task queue. */
import { defineTaskFunction } from './define-task-function';

export const escrowReleaseHigh = defineTaskFunction('escrow_release', 'high');
export const escrowReleaseNormal = defineTaskFunction('escrow_release', 'normal');
export const escrowReleaseLow = defineTaskFunction('escrow_release', 'low');
