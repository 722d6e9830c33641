/** The three priority lanes of the `content_verification` task queue. */
import { defineTaskFunction } from './define-task-function';

export const contentVerificationHigh = defineTaskFunction('content_verification', 'high');
export const contentVerificationNormal = defineTaskFunction('content_verification', 'normal');
export const contentVerificationLow = defineTaskFunction('content_verification', 'low');
