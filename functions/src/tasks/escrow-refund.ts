/** The three priority lanes of the `escrow_refund` task queue. */
import { defineTaskFunction } from './define-task-function';

export const escrowRefundHigh = defineTaskFunction('escrow_refund', 'high');
export const escrowRefundNormal = defineTaskFunction('escrow_refund', 'normal');
export const escrowRefundLow = defineTaskFunction('escrow_refund', 'low');
